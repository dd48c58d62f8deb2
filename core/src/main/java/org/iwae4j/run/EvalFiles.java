package org.iwae4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.Sha256;
import org.iwae4j.common.StorageError;
import org.iwae4j.common.UserError;

/**
 * The files an evaluation writes into a run directory, their names and their readers and writers:
 * eval-SPLIT.json (the result) with eval-SPLIT-logpx.npy (each example's log p(x)) beside it, the
 * same with {@code -pruned} for the model without its inactive units, units-SPLIT.json, and a
 * sharded evaluation's shards/ (each shard's log p(x) and each part's log); for annealed importance
 * sampling eval-SPLIT-ais.json with eval-SPLIT-ais-logpx.npy and its shards' values, and the inference
 * gaps' gaps-SPLIT.json and the BDMC bounds' bdmc.json and bdmc.png.
 *
 * <p>A result and its per-example file belong together: the result records the SHA-256 of the
 * .npy it was written with, the .npy is written first and the result last, and {@link #read}
 * refuses a pair that does not match (an evaluation killed between the two writes leaves a new
 * .npy beside the old result).
 */
public final class EvalFiles {
    private EvalFiles() {}

    /** An evaluation's result with its per-example estimates, read as the pair they were written as. */
    public record Evaluated(EvalResult result, double[] logPx) {}

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @param pruned of the model with its inactive units removed
     * @return eval-SPLIT.json or eval-SPLIT-pruned.json
     */
    public static Path result(Path runDir, String split, boolean pruned) {
        return runDir.resolve("eval-" + name(split, pruned) + ".json");
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @param pruned of the model with its inactive units removed
     * @return eval-SPLIT-logpx.npy or eval-SPLIT-pruned-logpx.npy
     */
    public static Path logPx(Path runDir, String split, boolean pruned) {
        return runDir.resolve("eval-" + name(split, pruned) + "-logpx.npy");
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @return units-SPLIT.json
     */
    public static Path units(Path runDir, String split) {
        return runDir.resolve("units-" + split + ".json");
    }

    /**
     * @param runDir a run directory
     * @param pruned of the model with its inactive units removed
     * @param from the shard's first example
     * @param to one past its last
     * @return the shard's per-example log p(x) under shards/
     */
    public static Path shard(Path runDir, boolean pruned, int from, int to) {
        return runDir.resolve("shards").resolve(String.format(Locale.ROOT, "%slogpx-%07d-%07d.npy",
                pruned ? "pruned-" : "", from, to));
    }

    /**
     * @param runDir a run directory
     * @param part the part's name: {@code units}, or a shard's first example (with {@code pruned-})
     * @return the part's log under shards/logs/
     */
    public static Path partLog(Path runDir, String part) {
        return runDir.resolve("shards").resolve("logs").resolve(part + ".log");
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @return eval-SPLIT-ais.json, the result of an AIS evaluation
     */
    public static Path aisResult(Path runDir, String split) {
        return runDir.resolve("eval-" + split + "-ais.json");
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @return eval-SPLIT-ais-logpx.npy, each example's log p(x) by AIS beside {@link #aisResult}
     */
    public static Path aisLogPx(Path runDir, String split) {
        return runDir.resolve("eval-" + split + "-ais-logpx.npy");
    }

    /**
     * @param runDir a run directory
     * @param values {@code logpx} or {@code acceptance}
     * @param from the shard's first example
     * @param to one past its last
     * @return where a sharded AIS evaluation's part keeps those values of its range, under shards/
     */
    public static Path aisShard(Path runDir, String values, int from, int to) {
        return runDir.resolve("shards").resolve(String.format(Locale.ROOT, "ais-%s-%07d-%07d.npy", values, from, to));
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @return gaps-SPLIT.json, the inference gaps
     */
    public static Path gaps(Path runDir, String split) {
        return runDir.resolve("gaps-" + split + ".json");
    }

    /**
     * @param runDir a run directory
     * @return bdmc.json, the BDMC bounds
     */
    public static Path bdmc(Path runDir) {
        return runDir.resolve("bdmc.json");
    }

    /**
     * @param runDir a run directory
     * @return bdmc.png, the BDMC bounds' chart
     */
    public static Path bdmcChart(Path runDir) {
        return runDir.resolve("bdmc.png");
    }

    private static String name(String split, boolean pruned) {
        return split + (pruned ? "-pruned" : "");
    }

    /**
     * Writes a result and its per-example estimates as a pair: the .npy first, then the result with
     * the .npy's SHA-256, each replaced atomically.
     *
     * @param runDir a run directory
     * @param pruned of the model with its inactive units removed
     * @param result the result; its split names the files
     * @param logPx each example's log p(x), {@code result.n()} of them
     * @return the result as written, with the digest of its .npy
     */
    public static EvalResult write(Path runDir, boolean pruned, EvalResult result, double[] logPx) {
        if (logPx.length != result.n()) {
            throw new IllegalArgumentException(logPx.length + " estimates for " + result.n() + " examples");
        }
        byte[] npy = npy(logPx);
        EvalResult tied = result.withLogPxSha256(Sha256.of(npy));
        AtomicFiles.write(logPx(runDir, result.split(), pruned), out -> out.write(npy));
        Json.write(result(runDir, result.split(), pruned), tied);
        return tied;
    }

    /**
     * Reads a result and its per-example estimates, refusing a pair that was not written together.
     *
     * @param runDir a run directory
     * @param split the evaluated split
     * @param pruned of the model with its inactive units removed
     * @return the pair
     * @throws UserError if either file is missing or damaged, or they do not belong together
     */
    public static Evaluated read(Path runDir, String split, boolean pruned) {
        Path resultFile = result(runDir, split, pruned);
        Path npyFile = logPx(runDir, split, pruned);
        EvalResult result = Json.read(resultFile, EvalResult.class);
        byte[] npy;
        try {
            npy = Files.readAllBytes(npyFile);
        } catch (NoSuchFileException e) {
            throw new UserError(npyFile + ": no such file (" + resultFile.getFileName() + " has no per-example values)");
        } catch (IOException e) {
            throw new StorageError(npyFile, e);
        }
        double[] values = readNpy(npyFile, npy);
        boolean same = result.logPxSha256() != null ? result.logPxSha256().equals(Sha256.of(npy))
                : values.length == result.n(); // written before the digest was recorded
        if (!same) {
            throw new UserError(npyFile.getFileName() + " (" + values.length + " values) does not belong to "
                    + resultFile.getFileName() + " (n=" + result.n() + ") in " + runDir
                    + ": an evaluation was interrupted between writing them; run it again");
        }
        return new Evaluated(result, values);
    }

    /**
     * @param file a units-SPLIT.json
     * @param units what to write in it
     */
    public static void writeUnits(Path file, UnitsResult units) {
        Json.write(file, units);
    }

    /**
     * @param file a units-SPLIT.json
     * @return what it holds
     */
    public static UnitsResult readUnits(Path file) {
        return Json.read(file, UnitsResult.class);
    }

    /**
     * A 1-D little-endian float64 .npy file (format version 1.0), replaced atomically.
     *
     * @param file the file to write
     * @param values its values
     */
    public static void writeNpy(Path file, double[] values) {
        byte[] npy = npy(values);
        AtomicFiles.write(file, out -> out.write(npy));
    }

    /**
     * Reads a file written by {@link #writeNpy}.
     *
     * @param file a file written by {@link #writeNpy}
     * @return its values
     * @throws UserError if it is not such a file
     */
    public static double[] readNpy(Path file) {
        try {
            return readNpy(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserError(file + ": not a float64 .npy file written by iwae4j");
        }
    }

    private static double[] readNpy(Path file, byte[] bytes) {
        try {
            int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength)
                    .order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[data.remaining() / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.getDouble();
            }
            return values;
        } catch (IndexOutOfBoundsException e) {
            throw new UserError(file + ": not a float64 .npy file written by iwae4j");
        }
    }

    private static byte[] npy(double[] values) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.put((byte) (headerBytes.length & 0xff));
        out.put((byte) (headerBytes.length >> 8));
        out.put(headerBytes);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }
}
