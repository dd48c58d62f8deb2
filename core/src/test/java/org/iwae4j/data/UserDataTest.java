package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own data: npz:FILE and idx:DIR. */
class UserDataTest {
    @TempDir
    Path dir;

    @Test
    void npzOfBinaryUint8ImagesIsUsedAsIs() throws Exception {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        byte[] train = new byte[20 * 3 * 5];
        for (int i = 0; i < train.length; i++) {
            train[i] = (byte) (i % 3 == 0 ? 255 : 0);
        }
        arrays.put("train", TestFiles.npy("|u1", new int[] {20, 3, 5}, train, false));
        arrays.put("test", TestFiles.npy("|u1", new int[] {2, 3, 5}, new byte[30], false));
        Path f = dir.resolve("mine.npz");
        TestFiles.npz(f, arrays);

        Dataset dataset = Datasets.byName("npz:" + f);
        assertEquals("npz:" + f.toAbsolutePath(), dataset.name());
        assertEquals("npz-mine", dataset.label());
        DatasetSplits splits = dataset.load(dir);
        assertTrue(splits.binary());
        assertEquals(18, splits.train().size());
        assertEquals(2, splits.validation().size());
        assertEquals(3, splits.train().height());
        assertEquals(5, splits.train().width());
        assertEquals(1, dataset.fileDigests(dir).size());
    }

    @Test
    void npzOfGreyFloatsWithValidation() throws Exception {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        float[] values = TestFiles.values(4 * 6, false);
        arrays.put("train", TestFiles.npy("<f4", new int[] {4, 6}, TestFiles.float32(values), false));
        arrays.put("validation", TestFiles.npy("<f4", new int[] {1, 6}, TestFiles.float32(0, 0, 0, 1, 1, 1), false));
        arrays.put("test", TestFiles.npy("<f4", new int[] {1, 6}, TestFiles.float32(0, 0, 0, 1, 1, 1), false));
        Path f = dir.resolve("grey.npz");
        TestFiles.npz(f, arrays);

        DatasetSplits splits = Datasets.byName("npz:" + f).load(dir);
        assertFalse(splits.binary());
        assertEquals(4, splits.train().size());
        assertEquals(1, splits.validation().size());
        assertEquals(1, splits.train().height()); // 6 is no square: one row of 6
        assertArrayEquals(java.util.Arrays.copyOf(values, 6), splits.train().image(0));
    }

    @Test
    void idxDirectoryWithGzipAndValidation() throws Exception {
        int[] dims = {3, 2, 2};
        int[] pixels = {0, 255, 0, 255, 255, 0, 255, 0, 0, 0, 255, 255};
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                TestFiles.gzip(IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, dims, pixels)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"),
                IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {3}, new int[] {7, 8, 9}));
        Files.write(dir.resolve("valid-images-idx3-ubyte"), IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, dims, pixels));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, dims, pixels));

        Dataset dataset = Datasets.byName("idx:" + dir);
        DatasetSplits splits = dataset.load(dir);
        assertTrue(splits.binary());
        assertEquals(3, splits.train().size());
        assertEquals(3, splits.validation().size());
        assertEquals(8, splits.train().label(1));
        assertEquals(4, dataset.fileDigests(dir).size());
    }

    @Test
    void binaryDataIsNeitherRedrawnNorRebinarized() {
        float[] pixels = {1, 0, 0, 1, 1, 1};
        ImageSet set = new ImageSet("b", pixels, 3, 1, 2, null);
        DatasetSplits binary = new DatasetSplits("b", set, set, set, true);
        assertArrayEquals(pixels, binary.forEvaluation(set, 0).pixels());

        float[] out = new float[4];
        org.iwae4j.common.SeededRandom rng = new org.iwae4j.common.SeededRandom(5);
        Binarization.minibatch(pixels, 2, new int[] {2, 0}, 0, 2, true, rng, out);
        assertArrayEquals(new float[] {1, 1, 1, 0}, out);
        assertEquals(5, rng.state(), "no random numbers drawn");

        ImageSet grey = new ImageSet("g", new float[] {0.5f, 0.5f}, 1, 1, 2, null);
        DatasetSplits dynamic = new DatasetSplits("g", grey, grey, grey);
        for (float p : dynamic.forEvaluation(grey, 0).pixels()) {
            assertTrue(p == 0f || p == 1f);
        }
    }
}
