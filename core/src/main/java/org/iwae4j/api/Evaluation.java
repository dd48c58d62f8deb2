package org.iwae4j.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.train.ProgressListener;

/** Scores a run on one split: log-likelihood estimate and active units, saved as eval-SPLIT.json. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, Path dataDir, ProgressListener progress,
            List<String> command) {
        return run(runDir, options, false, dataDir, progress, command);
    }

    /**
     * As {@link #run(Path, EvalConfig, Path, ProgressListener, List)}, also writing each example's
     * log p(x) (eval-SPLIT-logpx.npy) and, with {@code withoutInactive}, the NLL of the model with its
     * inactive units removed (eval-SPLIT-pruned.json), as the paper's experiments reported. The parts
     * are those of {@link EvaluationSteps}, so a sharded evaluation gives the same numbers.
     *
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param withoutInactive also evaluate with the inactive units removed
     * @param dataDir where the named datasets live
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, boolean withoutInactive, Path dataDir,
            ProgressListener progress, List<String> command) {
        options.validate();
        RunDirectory.open(runDir).readRecord(); // a bad run directory is reported before anything else
        EvalConfig fixed = options.checkpoint(EvaluationSteps.checkpoint(runDir, options, progress::message));
        long start = System.nanoTime();
        EvaluationSteps.Units units = EvaluationSteps.units(runDir, fixed, dataDir, progress::message);
        double[] logPx = EvaluationSteps.logPx(runDir, fixed, Optional.empty(), 0, units.n(), dataDir, progress);
        EvalResult result = EvaluationSteps.combine(runDir, fixed, units, false, logPx,
                (System.nanoTime() - start) / 1e9, command);
        if (withoutInactive) {
            long prunedStart = System.nanoTime();
            double[] pruned = EvaluationSteps.logPx(runDir, fixed, Optional.of(units), 0, units.n(), dataDir, progress);
            EvaluationSteps.combine(runDir, fixed, units, true, pruned, (System.nanoTime() - prunedStart) / 1e9, command);
        }
        return result;
    }
}
