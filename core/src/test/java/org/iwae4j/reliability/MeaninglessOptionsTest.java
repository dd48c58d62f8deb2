package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 6 of issue 12: every option and every data-header field is checked against its meaning;
 * values that would be silently changed, ignored or crash are refused in one line.
 */
class MeaninglessOptionsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "train {0}")
    @CsvSource(delimiter = '|', value = {
        "--model miwae --m 0          | --m must be at least 1, got 0",
        "--model piwae --m -3         | --m must be at least 1, got -3",
        "--model iwae --beta 0.3      | --beta applies to model ciwae only; model iwae ignores it, got 0.3",
        "--model vae --alpha 2        | --alpha applies to model vr only; model vae ignores it, got 2.0",
        "--model ciwae --m 4          | --m applies to model miwae or piwae only; model ciwae ignores it, got 4",
        "--model iwae --beta NaN      | --beta must be in [0, 1], got NaN",
        "--model ciwae --beta NaN     | --beta must be in [0, 1], got NaN",
        "--model vr --alpha NaN       | --alpha must be a number at least 0, got NaN",
        "--model vr --alpha Infinity  | --alpha must be a number at least 0, got Infinity",
        "--model vr --alpha -1        | --alpha must be a number at least 0, got -1.0",
        "--lr NaN                     | --lr must be positive, got NaN",
        "--warmup 100 --epochs 100    | --warmup of 100 epochs never ends within the run's 100 epochs",
        "--warmup -1                  | --warmup must be 0 (none) or a number of epochs, got -1",
        "--warmup 2 --estimator rws   | --warmup does not apply to --estimator rws",
        "--early-stop -2              | --early-stop must be 0 (off) or a number of epochs, got -2",
        "--min-delta 0.5              | --min-delta applies to early stopping only",
        "--early-stop 3 --min-delta NaN | --min-delta must be a number at least 0, got NaN",
    })
    void meaninglessTrainingOptionsAreRefused(String options, String expected) {
        Path out = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(options.trim().split("\\s+")));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + expected), o.firstErr());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest(name = "plot {0}")
    @CsvSource(delimiter = '|', value = {
        "samples --grid 0             | --grid must be in [1, 100], got 0",
        "samples --grid -2            | --grid must be in [1, 100], got -2",
        "samples --grid 100000        | --grid must be in [1, 100], got 100000",
        "reconstructions --per-class -1 | --per-class must be in [1, 100], got -1",
        "reconstructions --per-class 0  | --per-class must be in [1, 100], got 0",
        "posterior --index -1         | --index must be at least 0, got -1",
    })
    void meaninglessPlotOptionsAreRefused(String options, String expected) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        List<String> args = new ArrayList<>(List.of("plot"));
        List<String> given = new ArrayList<>(List.of(options.trim().split("\\s+")));
        args.add(given.remove(0));
        args.add(run.toString());
        args.addAll(given);
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + expected), o.firstErr());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "train of shape (10, 0)              ; train ; |u1 ; 10,0               ; 0  ; holds no images",
        "train of shape (0, 16)              ; train ; |u1 ; 0,16               ; 0  ; holds no images",
        "header promising 10^13 bytes        ; train ; |u1 ; 10,1000000,1000000 ; 64 ; truncated: the header promises 10000000000000 bytes",
        "header with a negative dimension    ; train ; |u1 ; -1,16              ; 64 ; negative size",
        "header whose sizes overflow an int  ; train ; |u1 ; 4294967296,4,4     ; 64 ; bad shape",
    })
    void malformedNpzHeadersAreOneLine(String name, String array, String descr, String shape, int bytes,
            String expected) throws Exception {
        long[] dims = java.util.Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put(array, Cli.npy(descr, dims, new byte[bytes]));
        arrays.put("test", Cli.npy("|u1", new long[] {2, 4, 4}, new byte[32]));
        Path npz = Cli.npzOf(tmp.resolve("bad.npz"), arrays);
        Path out = tmp.resolve("run");
        Cli.Outcome o = Cli.run(Cli.tinyTrain(npz, out, 1).toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + npz.toAbsolutePath() + ": array 'train'"), o.firstErr());
        assertTrue(o.firstErr().contains(expected), o.firstErr());
        assertFalse(o.err().contains("heap"), o.err());
        assertFalse(Files.exists(out));
    }

    /**
     * Headers that promise far more data than the file holds, read by a JVM with a 256 MB heap: the
     * promise is checked against the file, not allocated (which ended in advice to enlarge the heap).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "npz: .npy header promising 500,000,000 floats ; npz ; truncated: the header promises 2000000000 bytes of data, found 64",
        "idx: header promising 2,000,000,000 pixels    ; idx ; truncated: header promises 2000000000 bytes of data, found 64",
    })
    void headersPromisingMoreThanTheFileHoldsAreNotAllocated(String name, String kind, String expected)
            throws Exception {
        Path data;
        Path bad;
        if (kind.equals("npz")) {
            Map<String, byte[]> arrays = new LinkedHashMap<>();
            arrays.put("train", Cli.npy("<f4", new long[] {500_000_000}, new byte[64]));
            arrays.put("test", Cli.npy("|u1", new long[] {2, 4, 4}, new byte[32]));
            data = Cli.npzOf(tmp.resolve("bad.npz"), arrays);
            bad = data;
        } else {
            data = Files.createDirectories(tmp.resolve("idx"));
            bad = data.resolve("train-images-idx3-ubyte");
            Files.write(bad, idx(new int[] {2_000_000_000, 1, 1}, 64));
            Files.write(data.resolve("t10k-images-idx3-ubyte"), idx(new int[] {2, 4, 4}, 32));
        }
        Path out = tmp.resolve("run");
        List<String> train = Cli.with(Cli.tinyTrain(data, out, 1), "--dataset", kind + ":" + data);
        Cli.Outcome o = Cli.process(tmp, List.of("-Xmx256m"), train.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + bad), o.firstErr());
        assertTrue(o.firstErr().contains(expected), o.firstErr());
        assertFalse(o.err().contains("heap"), o.err());
        assertFalse(Files.exists(out));
    }

    private static byte[] idx(int[] dims, int dataBytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.putInt(0x00000803);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void aRecordOfAnOlderVersionWithAnIgnoredSettingIsReadWithItsDefault() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path config = run.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"beta\" : 0.5", "\"beta\" : 0.3"));
        assertTrue(Files.readString(config).contains("\"beta\" : 0.3"));
        Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--quiet");
        assertEquals(0, o.code(), o.err());
    }
}
