package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fetches real MNIST into {@code iwae.data.dir}; needs the network, so it runs only with
 * {@code -Diwae.test.fetch=true}.
 */
class MnistFetchTest {
    @Test
    void fetchesThenSkipsWhatIsPresent() {
        Assumptions.assumeTrue(Boolean.getBoolean("iwae.test.fetch"), "set -Diwae.test.fetch=true to fetch MNIST");
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data"));
        Mnist mnist = new Mnist();

        mnist.fetch(dataDir, System.out);
        assertTrue(mnist.isPresent(dataDir));
        for (DataFile f : mnist.files()) {
            assertTrue(f.isValidIn(mnist.directory(dataDir)), f.fileName());
        }

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        mnist.fetch(dataDir, new PrintStream(again, true, StandardCharsets.UTF_8));
        String log = again.toString(StandardCharsets.UTF_8);
        assertEquals(4, log.lines().filter(l -> l.endsWith("already present, SHA-256 verified")).count(), log);
        assertEquals(4, log.lines().count(), log);
    }
}
