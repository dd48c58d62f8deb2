package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mnist without the real files: what the user is told when they are missing or damaged. */
class MnistTest {
    @TempDir
    Path dataDir;

    private final Mnist mnist = new Mnist();

    /** A file of the right size holding zeros: passes the cheap check, fails the checksum. */
    private void fakeAll() throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("mnist"));
        for (DataFile f : mnist.files()) {
            try (RandomAccessFile file = new RandomAccessFile(f.in(dir).toFile(), "rw")) {
                file.setLength(f.size());
            }
        }
    }

    @Test
    void missingFileTellsTheUserToFetch() {
        assertFalse(mnist.isPresent(dataDir));
        UserError e = assertThrows(UserError.class, () -> mnist.load(dataDir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("./iwae fetch mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void corruptFileFailsTheChecksum() throws IOException {
        fakeAll();
        assertTrue(mnist.isPresent(dataDir));
        UserError e = assertThrows(UserError.class, () -> mnist.load(dataDir));
        Path file = dataDir.resolve("mnist").resolve("train-images-idx3-ubyte");
        assertTrue(e.getMessage().startsWith(file + ": SHA-256 mismatch (expected "
                + "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db, got "), e.getMessage());
        assertTrue(e.getMessage().endsWith("); delete it and run ./iwae fetch mnist"), e.getMessage());
    }

    @Test
    void wrongSizeIsNotPresent() throws IOException {
        fakeAll();
        Files.write(dataDir.resolve("mnist").resolve("t10k-labels-idx1-ubyte"), new byte[10]);
        assertFalse(mnist.isPresent(dataDir));
    }

    @Test
    void describesItself() {
        assertEquals("mnist", mnist.name());
        assertEquals(4, mnist.files().size());
        assertEquals(dataDir.resolve("mnist"), mnist.directory(dataDir));
    }
}
