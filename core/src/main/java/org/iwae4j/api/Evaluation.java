package org.iwae4j.api;

import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.run.EvalResult;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.iwae4j.common.Json;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.data.ImageSet;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.TrainedModel;

/** Scores a trained run on one split: log-likelihood estimate and active units, saved as JSON. */
public final class Evaluation {
    public static final List<String> SPLITS = List.of("test", "validation", "train");

    /** What to evaluate; {@code limit} 0 means the whole split. */
    public record Options(int k, String split, int limit, int rowsPerPass, long seed, int threads,
            String device, Optional<Path> checkpoint) {
        public Options validate() {
            if (k < 1) {
                throw new UserError("--k must be at least 1, got " + k);
            }
            if (!SPLITS.contains(split)) {
                throw new UserError("unknown split '" + split + "' (known: " + String.join(", ", SPLITS) + ")");
            }
            if (limit < 0) {
                throw new UserError("--limit must be 0 (all) or more, got " + limit);
            }
            if (rowsPerPass < 1) {
                throw new UserError("--rows-per-pass must be at least 1, got " + rowsPerPass);
            }
            if (threads < 0) {
                throw new UserError("--threads must be 0 (auto) or more, got " + threads);
            }
            return this;
        }
    }

    private Evaluation() {}

    /** Progress: told the total once, then examples done. */
    public interface Progress {
        void start(int total);

        void done(int examples);
    }

    /**
     * Estimates log p(x) on the split, counts the active units and writes eval-SPLIT.json (and the
     * per-example estimates, eval-SPLIT-logpx.npy); with {@code withoutInactive} also the NLL of the
     * model with its inactive units removed (eval-SPLIT-pruned.json). The parts are those of
     * {@link EvaluationSteps}, so a sharded evaluation gives the same numbers.
     */
    public static EvalResult run(Path runDir, Options options, Path dataDir, Progress progress,
            Consumer<String> warnings, List<String> command) {
        return run(runDir, options, false, dataDir, progress, warnings, command);
    }

    public static EvalResult run(Path runDir, Options options, boolean withoutInactive, Path dataDir,
            Progress progress, Consumer<String> warnings, List<String> command) {
        options.validate();
        RunDirectory.open(runDir).readRecord(); // a bad run directory is reported before anything else
        long start = System.nanoTime();
        Options fixed = new Options(options.k(), options.split(), options.limit(), options.rowsPerPass(), options.seed(),
                options.threads(), options.device(), Optional.of(EvaluationSteps.checkpoint(runDir, options, warnings)));
        EvaluationSteps.Units units = EvaluationSteps.units(runDir, fixed, dataDir, warnings);
        double[] logPx = EvaluationSteps.logPx(runDir, fixed, Optional.empty(), 0, units.n(), dataDir, progress,
                warnings);
        EvalResult result = EvaluationSteps.combine(runDir, fixed, units, false, logPx,
                (System.nanoTime() - start) / 1e9, command);
        if (withoutInactive) {
            long prunedStart = System.nanoTime();
            double[] pruned = EvaluationSteps.logPx(runDir, fixed, Optional.of(units), 0, units.n(), dataDir, progress,
                    warnings);
            EvaluationSteps.combine(runDir, fixed, units, true, pruned, (System.nanoTime() - prunedStart) / 1e9, command);
        }
        return result;
    }
}
