package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmniglotTest {
    @TempDir
    Path dir;

    /** An "L": the left column and the bottom row lit; no symmetry maps it onto itself. */
    static boolean lit(int r, int c) {
        return c == 0 || r == 27;
    }

    /** The L stored as MATLAB stores a 28x28 image in one column: column-major. */
    static double[] columnMajorL() {
        double[] column = new double[784];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                column[c * 28 + r] = lit(r, c) ? 1 : 0;
            }
        }
        return column;
    }

    @Test
    void charactersComeOutUpright() throws Exception {
        Path f = dir.resolve("chardata.mat");
        double[][] train = new double[20][];
        for (int i = 0; i < train.length; i++) {
            train[i] = columnMajorL();
        }
        TestFiles.mat(f, Map.of("data", train, "testdata", new double[][] {columnMajorL()}));

        DatasetSplits splits = Omniglot.read(f);
        float[] image = splits.test().image(0);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                assertEquals(lit(r, c) ? 1f : 0f, image[r * 28 + c], "row " + r + ", column " + c);
            }
        }
        assertEquals(28, splits.train().height());
        // 20 training images: a tenth held out, by the seeded shuffle.
        assertEquals(18, splits.train().size());
        assertEquals(2, splits.validation().size());
        assertFalse(splits.binary());
    }

    @Test
    void holdoutIsSeededAndDisjoint() {
        ImageSet all = new ImageSet("all", new float[100], 100, 1, 1, java.util.stream.IntStream.range(0, 100).toArray());
        DatasetSplits a = Holdout.shuffled("x", all, 10, all, false);
        DatasetSplits b = Holdout.shuffled("x", all, 10, all, false);
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertEquals(90, a.train().size());
        for (int label : a.validation().labels()) {
            assertTrue(java.util.Arrays.stream(a.train().labels()).noneMatch(l -> l == label));
        }
    }

    @Test
    void fetchWithoutInternetIsOneLine() {
        Omniglot omniglot = new Omniglot();
        UserError missing = assertThrows(UserError.class, () -> omniglot.load(dir));
        assertTrue(missing.getMessage().endsWith("chardata.mat: missing; run ./iwae fetch omniglot"), missing.getMessage());
    }

    @Test
    void gitBlobIdIsGits() throws Exception {
        // `git hash-object` of a file holding "hello\n".
        Path f = Files.writeString(dir.resolve("h"), "hello\n");
        assertEquals("ce013625030ba8dba906f756967f9e9ca394464a", GitBlobFile.idOf(f));
    }
}
