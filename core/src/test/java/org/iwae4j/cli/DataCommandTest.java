package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void listsEveryDatasetWithLocationAndStatus() throws Exception {
        Files.createDirectories(dataDir.resolve("omniglot"));
        Files.writeString(dataDir.resolve("omniglot").resolve("chardata.mat"), "not the real file");
        CliErrorsTest.Outcome o = CliErrorsTest.run("data", "--data-dir", dataDir.toString());
        assertEquals(0, o.code(), o.err());
        for (String name : new String[] {"mnist", "fashion-mnist", "binarized-mnist", "omniglot"}) {
            assertTrue(o.out().contains(name + ": "), o.out());
            assertTrue(o.out().contains("location: " + dataDir.resolve(name).toAbsolutePath()), o.out());
        }
        assertTrue(o.out().contains("missing (./iwae fetch binarized-mnist)"), o.out());
        assertTrue(o.out().contains("present but unusable: " + dataDir.resolve("omniglot").resolve("chardata.mat")
                + ": git blob id mismatch"), o.out());
    }

    @Test
    void showsUserDataSplits() throws Exception {
        Path idx = Files.createDirectories(dataDir.resolve("mine"));
        byte[] images = new byte[16 + 10 * 4];
        java.nio.ByteBuffer.wrap(images).putInt(0x803).putInt(10).putInt(2).putInt(2);
        Files.write(idx.resolve("train-images-idx3-ubyte"), images);
        Files.write(idx.resolve("t10k-images-idx3-ubyte"), images);
        CliErrorsTest.Outcome o = CliErrorsTest.run("data", "idx:" + idx);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("present and verified; 9 train / 1 validation / 10 test, 2x2, binary (used as is)"),
                o.out());
    }
}
