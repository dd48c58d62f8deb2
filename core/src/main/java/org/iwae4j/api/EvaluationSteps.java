package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.InactiveUnits;
import org.iwae4j.eval.PosteriorCollapse;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.train.ProgressListener;

/**
 * An evaluation in parts that can run in different processes or machines: the active units
 * (once, over the whole set), the per-example log p(x) of any range of examples (a shard), and the
 * combination of the shards into eval-SPLIT.json. Every example's estimate depends only on the
 * seed and its position, never on the shard boundaries (they are rounded to
 * {@link LogLikelihood#alignment}), so shards combine into exactly the numbers of one local run.
 * {@link Evaluation#run} is these parts in one process.
 */
public final class EvaluationSteps {
    private EvaluationSteps() {}

    /**
     * The active units of one checkpoint: per layer the posterior-mean variances and the units kept
     * when inactive ones are removed. Saved as units-SPLIT.json.
     *
     * @param checkpoint the checkpoint file measured; every shard must score this one
     * @param epoch the checkpoint's epoch
     * @param n the number of examples evaluated
     * @param variances per stochastic layer, each unit's variance of the posterior mean over the set
     * @param kept per stochastic layer, the indices of the units kept when inactive ones are removed
     * @param activePerLayer per stochastic layer, the number of active units
     * @param collapse the KL of each unit and I(x; h_1) over the same examples (null in older files)
     */
    public record Units(String checkpoint, int epoch, int n, List<double[]> variances, List<int[]> kept,
            List<Integer> activePerLayer, PosteriorCollapse collapse) {
        /** @return the active units of all layers together */
        public int active() {
            return activePerLayer.stream().mapToInt(Integer::intValue).sum();
        }

        /** @return the latent units of all layers together, active or not */
        public int latent() {
            return variances.stream().mapToInt(v -> v.length).sum();
        }

        /** @return the units of all layers that pruning keeps (at least one per layer) */
        public int keptUnits() {
            return kept.stream().mapToInt(k -> k.length).sum();
        }
    }

    /**
     * The split's images as evaluated (binarized with the run's eval seed, first {@code limit}).
     *
     * @param config the run's training configuration: its dataset and eval seed
     * @param options the evaluation's split and limit
     * @param dataDir where the datasets are
     * @return the binarized images every part of the evaluation scores
     */
    public static BinarizedSet set(TrainConfig config, EvalConfig options, Path dataDir) {
        return set(Datasets.byName(config.dataset()).load(dataDir), config, options);
    }

    /**
     * @param data the run's data, loaded
     * @param config the run's configuration (its evaluation binarization seed)
     * @param options the split and limit
     * @return the binarized images every part of the evaluation scores
     */
    public static BinarizedSet set(DatasetSplits data, TrainConfig config, EvalConfig options) {
        BinarizedSet set = data.forEvaluation(data.split(options.split()), config.evalSeed());
        return options.limit() > 0 ? set.first(options.limit()) : set;
    }

    /**
     * The run's newest intact checkpoint, or the one the options name: every part must score the same.
     *
     * @param runDir a run directory
     * @param options the evaluation options, possibly naming a checkpoint
     * @param warnings told about damaged checkpoints passed over
     * @return the checkpoint file
     * @throws UserError if the run has no intact checkpoint yet
     */
    public static Path checkpoint(Path runDir, EvalConfig options, Consumer<String> warnings) {
        return RunDirectory.open(runDir).checkpoint(options.checkpoint(), warnings);
    }

    /**
     * Up to {@code count} contiguous ranges covering 0..n whose starts are multiples of the pass size.
     *
     * @param n the number of examples
     * @param options the evaluation's k and rows per pass, which fix the pass size
     * @param count the number of shards wanted; fewer when there are fewer passes
     * @return the ranges as {from, to} pairs, in order
     */
    public static List<int[]> shards(int n, EvalConfig options, int count) {
        int align = LogLikelihood.alignment(options.k(), options.rowsPerPass());
        int blocks = (n + align - 1) / align;
        int parts = Math.max(1, Math.min(count, blocks));
        List<int[]> ranges = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = Math.min(n, (int) ((long) blocks * p / parts) * align);
            int to = Math.min(n, (int) ((long) blocks * (p + 1) / parts) * align);
            if (to > from) {
                ranges.add(new int[] {from, to});
            }
        }
        return ranges;
    }

    /**
     * Active units over the whole set, from the checkpoint the options name; writes units-SPLIT.json.
     *
     * @param runDir a run directory
     * @param options the evaluation options
     * @param dataDir where the datasets are
     * @param warnings told about damaged checkpoints passed over
     * @return the units, as written
     */
    public static Units units(Path runDir, EvalConfig options, Path dataDir, Consumer<String> warnings) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        TrainConfig config = run.readRecord().config();
        BinarizedSet set = set(config, options, dataDir);
        Torch.setThreads(options.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(run, Optional.of(checkpoint(runDir, options, warnings)), manager,
                        warnings)) {
            List<double[]> variances = ActiveUnits.variances(trained.model(), set, manager,
                    new SeededRandom(options.seed() + 1));
            Units units = new Units(trained.checkpoint().toString(), trained.epoch(), set.count(), variances,
                    InactiveUnits.kept(variances), variances.stream().map(ActiveUnits::count).toList(),
                    PosteriorCollapse.measure(trained.model(), set, manager, new SeededRandom(options.seed() + 2)));
            Json.write(unitsFile(runDir, options.split()), units);
            return units;
        }
    }

    /**
     * Where {@link #units} writes its result.
     *
     * @param runDir a run directory
     * @param split the evaluated split
     * @return units-SPLIT.json in the run directory
     */
    public static Path unitsFile(Path runDir, String split) {
        return runDir.resolve("units-" + split + ".json");
    }

    /**
     * Per-example log p(x) of examples {@code from..to} of the set, by the checkpoint the options
     * name (or the newest intact one), with the inactive units removed when {@code prunedBy} is given.
     *
     * @param runDir a run directory
     * @param options the evaluation options
     * @param prunedBy the units to keep, whose checkpoint is then the one scored; empty for the whole model
     * @param from the first example, a multiple of {@link LogLikelihood#alignment} for shards to combine
     * @param to one past the last example
     * @param dataDir where the datasets are
     * @param progress told of the examples finished
     * @return the estimates of examples {@code from..to}, in order
     * @throws UserError if the range is outside the evaluated set
     */
    public static double[] logPx(Path runDir, EvalConfig options, Optional<Units> prunedBy, int from, int to,
            Path dataDir, ProgressListener progress) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        TrainConfig config = run.readRecord().config();
        BinarizedSet set = set(config, options, dataDir);
        if (from < 0 || to > set.count() || from >= to) {
            throw new UserError("examples " + from + ".." + to + " are outside the " + set.count() + " evaluated");
        }
        Torch.setThreads(options.effectiveThreads());
        Path checkpoint = prunedBy.map(u -> Path.of(u.checkpoint()))
                .orElseGet(() -> checkpoint(runDir, options, progress::message));
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(run, Optional.of(checkpoint), manager, progress::message)) {
            Autoencoder model = prunedBy.isPresent()
                    ? InactiveUnits.prune(trained.model(), prunedBy.get().kept(), manager)
                    : trained.model();
            progress.evaluationStarted(to - from);
            return LogLikelihood.estimateRange(model, set, from, to, options.k(), options.rowsPerPass(), manager,
                    options.seed(), progress::evaluated);
        }
    }

    /**
     * The evaluation's result from the per-example estimates of the whole set (shards concatenated in
     * order): writes eval-SPLIT.json, or eval-SPLIT-pruned.json when {@code pruned}, and the
     * per-example log p(x) beside it as a NumPy float64 array (eval-SPLIT[-pruned]-logpx.npy).
     *
     * @param runDir a run directory
     * @param options the evaluation options
     * @param units the active units measured for this evaluation
     * @param pruned whether the estimates are of the model with inactive units removed
     * @param logPx the per-example estimates of the whole set
     * @param seconds the time the estimates took, for the reported speed
     * @param command the command line, recorded in the result's provenance
     * @return the result, as written
     */
    public static EvalResult combine(Path runDir, EvalConfig options, Units units, boolean pruned,
            double[] logPx, double seconds, List<String> command) {
        RunDirectory run = RunDirectory.open(runDir);
        TrainConfig config = run.readRecord().config();
        if (logPx.length != units.n()) {
            throw new IllegalArgumentException(logPx.length + " estimates for " + units.n() + " examples");
        }
        LogLikelihoodEstimate estimate = LogLikelihoodEstimate.of(logPx, options.k());
        String name = options.split() + (pruned ? "-pruned" : "");
        EvalResult result = new EvalResult(runDir.toString(), options.split(), logPx.length, options.k(), estimate.nll(), estimate.stderr(),
                units.active(), pruned ? units.keptUnits() : units.latent(), units.activePerLayer(), units.epoch(),
                config.model(), config.k(), config.layers(), options.seed(), config.evalSeed(), seconds,
                logPx.length / seconds, Path.of(units.checkpoint()).getFileName().toString(),
                Provenance.now(options.effectiveThreads(), options.device().id(), command), List.of(),
                pruned ? null : units.collapse());
        writeNpy(runDir.resolve("eval-" + name + "-logpx.npy"), logPx);
        Json.write(runDir.resolve("eval-" + name + ".json"), result);
        return result;
    }

    /**
     * A 1-D little-endian float64 .npy file (format version 1.0).
     *
     * @param file the file to write, replaced atomically
     * @param values its values
     */
    public static void writeNpy(Path file, double[] values) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            data.putDouble(v);
        }
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(file, out -> {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(headerBytes.length & 0xff);
            out.write(headerBytes.length >> 8);
            out.write(headerBytes);
            out.write(data.array());
        });
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
            byte[] bytes = Files.readAllBytes(file);
            int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength)
                    .order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[data.remaining() / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.getDouble();
            }
            return values;
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new UserError(file + ": not a float64 .npy file written by iwae4j");
        }
    }
}
