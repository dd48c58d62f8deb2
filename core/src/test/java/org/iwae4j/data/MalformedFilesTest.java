package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed file gets one line naming the file and the problem. */
class MalformedFilesTest {
    @TempDir
    Path dir;

    /** Writes a broken file into the directory and returns the path to load. */
    interface Writer {
        Path write(Path dir) throws Exception;
    }

    /** Loads what the writer wrote the way iwae4j would. */
    interface Loader {
        void load(Path path);
    }

    static final Loader AMAT = p -> AmatReader.read(p, "t", 2, 2);
    static final Loader MAT = p -> Omniglot.read(p);
    static final Loader IDX_DIR = p -> Datasets.byName("idx:" + p).load(p);
    static final Loader NPZ = p -> Datasets.byName("npz:" + p).load(p);

    static Path text(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }

    static double[][] images(int count, double value) {
        double[][] cols = new double[count][784];
        for (double[] c : cols) {
            Arrays.fill(c, value);
        }
        return cols;
    }

    static Path mat(Path dir, Map<String, double[][]> vars) throws Exception {
        Path f = dir.resolve("chardata.mat");
        TestFiles.mat(f, vars);
        return f;
    }

    static Path npz(Path dir, Map<String, byte[]> arrays) throws Exception {
        Path f = dir.resolve("data.npz");
        TestFiles.npz(f, arrays);
        return f;
    }

    static Path idxDir(Path dir, byte[] train) throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(train));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.idx(IdxReader.IMAGES_MAGIC,
                new int[] {1, 2, 2}, new int[] {0, 1, 2, 3}));
        return dir;
    }

    static byte[] goodNpy() {
        return TestFiles.npy("|u1", new int[] {2, 2, 2}, TestFiles.uint8(0, 255, 0, 255, 0, 0, 255, 255), false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("amat: short line", AMAT, (Writer) d -> text(d, "a.amat", "0 1 0 1\n0 1 1\n"),
                "a.amat: line 2 has 3 values, expected 4 (2x2)"),
            Arguments.of("amat: grey value", AMAT, (Writer) d -> text(d, "a.amat", "0 1 0.5 1\n"),
                "a.amat: line 1, value 3 is '0.5', expected 0 or 1"),
            Arguments.of("amat: not a number", AMAT, (Writer) d -> text(d, "a.amat", "0 1 x 1\n"),
                "a.amat: line 1, value 3 is 'x', expected 0 or 1"),
            Arguments.of("amat: empty", AMAT, (Writer) d -> text(d, "a.amat", ""), "a.amat: no images"),
            Arguments.of("mat: not a MAT file", MAT, (Writer) d -> text(d, "chardata.mat", "hello, not MATLAB"),
                "chardata.mat: not a readable MATLAB v5 file"),
            Arguments.of("mat: truncated", MAT, (Writer) d -> {
                Path f = mat(d, Map.of("data", images(3, 0.5), "testdata", images(2, 0.5)));
                byte[] all = Files.readAllBytes(f);
                return Files.write(f, Arrays.copyOf(all, all.length / 2));
            }, "chardata.mat: not a readable MATLAB v5 file"),
            Arguments.of("mat: wrong variable names", MAT,
                (Writer) d -> mat(d, Map.of("images", images(3, 0.5), "testdata", images(2, 0.5))),
                "chardata.mat: no variable 'data' (found: "),
            Arguments.of("mat: wrong shape", MAT, (Writer) d -> {
                double[][] cols = new double[3][783];
                return mat(d, Map.of("data", cols, "testdata", images(2, 0.5)));
            }, "chardata.mat: variable 'data' is 783x3, expected 784xN (one 28x28 image per column)"),
            Arguments.of("mat: value out of range", MAT,
                (Writer) d -> mat(d, Map.of("data", images(3, 1.5), "testdata", images(2, 0.5))),
                "chardata.mat: variable 'data', image 1 has value 1.5, expected intensities in [0, 1]"),
            Arguments.of("idx: truncated gzip", IDX_DIR, (Writer) d -> {
                byte[] gz = TestFiles.gzip(IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2},
                        new int[] {1, 2, 3, 4, 5, 6, 7, 8}));
                idxDir(d, new byte[0]);
                Files.write(d.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length - 12));
                return d;
            }, "train-images-idx3-ubyte.gz: "),
            Arguments.of("idx: short data", IDX_DIR, (Writer) d -> idxDir(d, Arrays.copyOf(
                IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2}, new int[] {1, 2, 3, 4, 5, 6, 7, 8}), 20)),
                "train-images-idx3-ubyte.gz: truncated: header promises 8 bytes of data, found 4"),
            Arguments.of("idx: labels instead of images", IDX_DIR, (Writer) d -> idxDir(d,
                IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {2}, new int[] {1, 2})),
                "train-images-idx3-ubyte.gz: not an IDX image file (magic 0x00000801)"),
            Arguments.of("idx: no training images", IDX_DIR, (Writer) d -> {
                idxDir(d, new byte[0]);
                Files.delete(d.resolve("train-images-idx3-ubyte.gz"));
                return d;
            }, ": no train-images-idx3-ubyte (or .gz) in this directory"),
            Arguments.of("npz: not a zip", NPZ, (Writer) d -> text(d, "data.npz", "plain text"),
                "data.npz: not an .npz file (not a zip archive)"),
            Arguments.of("npz: wrong array names", NPZ, (Writer) d -> npz(d, Map.of("x_train", goodNpy(), "test", goodNpy())),
                "data.npz: no array 'train' (found: "),
            Arguments.of("npz: wrong shape", NPZ, (Writer) d -> npz(d, ordered("train",
                TestFiles.npy("|u1", new int[] {1, 2, 2, 2}, new byte[8], false), "test", goodNpy())),
                "data.npz: array 'train': shape [1, 2, 2, 2], expected [N, H, W] or [N, D]"),
            Arguments.of("npz: value out of range", NPZ, (Writer) d -> npz(d, ordered("train",
                TestFiles.npy("<f4", new int[] {2, 2}, TestFiles.float32(0f, 1f, 0.5f, 1.5f), false), "test", goodNpy())),
                "data.npz: array 'train': value 1.5 at flat index 3 is outside [0, 1]"),
            Arguments.of("npz: NaN", NPZ, (Writer) d -> npz(d, ordered("train",
                TestFiles.npy("<f4", new int[] {2, 2}, TestFiles.float32(0f, Float.NaN, 0.5f, 1f), false), "test", goodNpy())),
                "data.npz: array 'train': value NaN at flat index 1 is outside [0, 1]"),
            Arguments.of("npz: truncated array", NPZ, (Writer) d -> npz(d, ordered("train",
                Arrays.copyOf(goodNpy(), goodNpy().length - 3), "test", goodNpy())),
                "data.npz: array 'train': truncated: the header promises 8 bytes of data, found 5"),
            Arguments.of("npz: unsupported dtype", NPZ, (Writer) d -> npz(d, ordered("train",
                TestFiles.npy("<i4", new int[] {1, 1}, new byte[4], false), "test", goodNpy())),
                "data.npz: array 'train': dtype '<i4' is not supported"),
            Arguments.of("npz: Fortran order", NPZ, (Writer) d -> npz(d, ordered("train",
                TestFiles.npy("|u1", new int[] {2, 2}, new byte[4], true), "test", goodNpy())),
                "data.npz: array 'train': Fortran-order arrays are not supported"),
            Arguments.of("npz: not an npy inside", NPZ, (Writer) d -> npz(d, ordered("train",
                "junk".getBytes(StandardCharsets.US_ASCII), "test", goodNpy())),
                "data.npz: array 'train': not a .npy array (bad magic)"),
            Arguments.of("npz: image sizes differ", NPZ, (Writer) d -> npz(d, ordered("train", goodNpy(),
                "test", TestFiles.npy("|u1", new int[] {1, 3, 3}, new byte[9], false))),
                "has 3x3 images but the training images are 2x2"));
    }

    static Map<String, byte[]> ordered(String k1, byte[] v1, String k2, byte[] v2) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineNamingFileAndProblem(String name, Loader loader, Writer writer, String expected) throws Exception {
        Path path = writer.write(dir);
        UserError e = assertThrows(UserError.class, () -> loader.load(path));
        String message = e.getMessage();
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains(dir.toString()), "names the file: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }
}
