package org.iwae4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: config.json recorded "iwae4j_version": "0.1.0" for a 0.2.0 build (the manifest has no
 * version when run from classes) and no source revision or CPU model. Now the build's version, the
 * git revision of the checkout, the CPU model and the math library settings in effect.
 */
class ProvenanceTest {
    @Test
    void theVersionIsTheBuildsAndTheRevisionTheCheckouts() throws Exception {
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find());
        Provenance p = Provenance.now(1, "cpu", List.of("test"));
        assertEquals(version.group(1), p.iwae4jVersion());
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes()).strip();
        if (git.waitFor() == 0) {
            assertTrue(p.sourceRevision().startsWith(head), p.sourceRevision() + " vs " + head);
        }
        if (Files.isReadable(Path.of("/proc/cpuinfo"))) {
            assertNotNull(p.cpu());
        }
        assertEquals(System.getenv("MKL_CBWR") != null ? System.getenv("MKL_CBWR") : "AUTO,STRICT",
                p.mathLibrary().get("MKL_CBWR"));
        assertTrue(p.mathLibrary().containsKey("mkl_amd_fix"));
    }
}
