package org.iwae4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.iwae4j.common.ProcessEnvironment;

/** The CLI run in this JVM or as a real process, and tiny data files for it. */
public final class Cli {
    private Cli() {}

    /** Exit code and both streams of one command. */
    public record Outcome(int code, String out, String err) {
        /** @return the first line of stderr */
        public String firstErr() {
            return err.lines().findFirst().orElse("");
        }
    }

    /** Runs the command line in this JVM (stderr of native code is not captured). */
    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.iwae4j.cli.Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Runs the command line as a separate process, so that native code's stderr is seen too. */
    public static Outcome process(Path workDir, String... args) throws IOException, InterruptedException {
        return process(workDir, List.of(), args);
    }

    /** Runs the command line as a separate process with the given JVM options (e.g. a small heap). */
    public static Outcome process(Path workDir, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ProcessEnvironment.jvmOptions());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.iwae4j.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        ProcessEnvironment.addTo(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The options of a tiny training run on {@code npz:FILE} (2 latent units, width 8, batch 10, one thread). */
    public static List<String> tinyTrain(Path npz, Path out, int epochs) {
        return new ArrayList<>(List.of("train", "--dataset", "npz:" + npz, "--latent", "2", "--hidden", "8",
                "--epochs", String.valueOf(epochs), "--batch-size", "10", "--threads", "1", "--seed", "3",
                "--out", out.toString(), "--quiet"));
    }

    /**
     * Trains a tiny run on a fresh {@code DIR/toy.npz} (40 images of 4 x 4) through the CLI, in
     * this JVM.
     *
     * @return the run directory, DIR/run
     */
    public static Path trainedNpzRun(Path dir, int epochs) throws IOException {
        Path npz = npz(dir.resolve("toy.npz"), 40, 4, 1);
        Path run = dir.resolve("run");
        Outcome o = run(tinyTrain(npz, run, epochs).toArray(String[]::new));
        if (o.code() != 0) {
            throw new IllegalStateException("training the fixture failed: " + o.err());
        }
        return run;
    }

    /**
     * @param args a command line
     * @param options pairs of an option and its value, replacing the option's value in args or added
     * @return args with them
     */
    public static List<String> with(List<String> args, String... options) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < options.length; i += 2) {
            int at = out.indexOf(options[i]);
            if (at >= 0) {
                out.set(at + 1, options[i + 1]);
            } else {
                out.add(options[i]);
                out.add(options[i + 1]);
            }
        }
        return out;
    }

    /** A NumPy .npz with binary uint8 arrays train [n, side, side] and test [n/4, side, side] drawn from seed. */
    public static Path npz(Path file, int n, int side, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] train = new byte[n * side * side];
        byte[] test = new byte[Math.max(1, n / 4) * side * side];
        for (byte[] a : List.of(train, test)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) random.nextInt(2);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("train.npy"));
            zip.write(npy("|u1", new long[] {n, side, side}, train));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("test.npy"));
            zip.write(npy("|u1", new long[] {test.length / (side * side), side, side}, test));
            zip.closeEntry();
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }

    /** A .npy with the given header fields and data (which may disagree with them, for malformed files). */
    public static byte[] npy(String descr, long[] shape, byte[] data) {
        return org.iwae4j.data.TestFiles.npy(descr, shape, data, false);
    }

    /** Writes a .npz of the given named .npy contents. */
    public static Path npzOf(Path file, java.util.Map<String, byte[]> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var a : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
                zip.write(a.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
