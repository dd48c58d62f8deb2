package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.iwae4j.common.Sha256;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFileTest {
    @TempDir
    Path dir;

    static final byte[] CONTENT = "the right bytes".getBytes(StandardCharsets.US_ASCII);
    static final DataFile FILE = new DataFile("f.bin", Sha256.of(CONTENT), CONTENT.length);

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void installsVerifiedContent() throws IOException {
        assertFalse(FILE.isPresentIn(dir));
        FILE.install(new ByteArrayInputStream(CONTENT), dir);
        assertTrue(FILE.isPresentIn(dir));
        assertTrue(FILE.isValidIn(dir));
        FILE.verifyIn(dir, "toy");
        assertEquals(1, filesIn(dir)); // no temporary file left behind
    }

    @Test
    void refusesWrongContentAndLeavesNothing() throws IOException {
        byte[] wrong = "the wrong bytes".getBytes(StandardCharsets.US_ASCII); // same length
        IOException e = assertThrows(IOException.class, () -> FILE.install(new ByteArrayInputStream(wrong), dir));
        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        assertEquals(0, filesIn(dir));
    }

    @Test
    void refusesWrongLength() throws IOException {
        byte[] longer = "the right bytes and more".getBytes(StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class, () -> FILE.install(new ByteArrayInputStream(longer), dir));
        assertTrue(e.getMessage().contains("more than the expected 15 bytes"), e.getMessage());
        byte[] shorter = "the".getBytes(StandardCharsets.US_ASCII);
        e = assertThrows(IOException.class, () -> FILE.install(new ByteArrayInputStream(shorter), dir));
        assertTrue(e.getMessage().contains("got 3 bytes, expected 15"), e.getMessage());
        assertEquals(0, filesIn(dir));
    }

    @Test
    void verifyNamesTheProblem() throws IOException {
        UserError missing = assertThrows(UserError.class, () -> FILE.verifyIn(dir, "toy"));
        assertEquals(dir.resolve("f.bin") + ": missing; run ./iwae fetch toy", missing.getMessage());

        Files.write(dir.resolve("f.bin"), "the wrong bytes".getBytes(StandardCharsets.US_ASCII));
        assertTrue(FILE.isPresentIn(dir)); // right size: the cheap check cannot tell
        assertFalse(FILE.isValidIn(dir));
        UserError bad = assertThrows(UserError.class, () -> FILE.verifyIn(dir, "toy"));
        assertTrue(bad.getMessage().startsWith(dir.resolve("f.bin") + ": SHA-256 mismatch (expected " + FILE.sha256()),
                bad.getMessage());
        assertTrue(bad.getMessage().endsWith("); delete it and run ./iwae fetch toy"), bad.getMessage());
    }

    @Test
    void rejectsMalformedRecords() {
        assertThrows(IllegalArgumentException.class, () -> new DataFile("a/b", FILE.sha256(), 1));
        assertThrows(IllegalArgumentException.class, () -> new DataFile("a", "ABC", 1));
        assertThrows(IllegalArgumentException.class, () -> new DataFile("a", FILE.sha256(), -1));
    }
}
