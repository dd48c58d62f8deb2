package org.iwae4j.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.UnitsResult;
import org.iwae4j.train.ProgressListener;

/**
 * Scores a run on one split in this process: log-likelihood estimate and active units, saved as
 * eval-SPLIT.json with each example's log p(x) in eval-SPLIT-logpx.npy. The steps are those of
 * {@link EvaluationSteps}, so a sharded evaluation gives the same numbers.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Evaluates on the run's data as recorded: data files that differ from the run's record are refused.
     *
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, Path dataDir, ProgressListener progress,
            List<String> command) {
        return run(runDir, options, false, dataDir, DataCheck.Policy.VERIFY, progress, command);
    }

    /**
     * As {@link #run(Path, EvalConfig, Path, ProgressListener, List)} and, with {@code withoutInactive},
     * also the NLL of the model with its inactive units removed (eval-SPLIT-pruned.json and
     * eval-SPLIT-pruned-logpx.npy), as the paper's experiments reported.
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
        return run(runDir, options, withoutInactive, dataDir, DataCheck.Policy.VERIFY, progress, command);
    }

    /**
     * The whole sequence of {@link EvaluationSteps} in this process.
     *
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param withoutInactive also evaluate with the inactive units removed
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     *     (then the change is recorded in eval-SPLIT.json)
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, boolean withoutInactive, Path dataDir,
            DataCheck.Policy dataPolicy, ProgressListener progress, List<String> command) {
        EvaluationSteps.Plan plan = EvaluationSteps.plan(runDir, options, dataDir, dataPolicy, progress::message);
        long start = System.nanoTime();
        double[] logPx = EvaluationSteps.logPx(plan, Optional.empty(), 0, plan.n(), progress);
        UnitsResult units = EvaluationSteps.units(plan, progress::message);
        EvalResult result = EvaluationSteps.combine(plan, units, false, logPx, (System.nanoTime() - start) / 1e9,
                command);
        if (withoutInactive) {
            long prunedStart = System.nanoTime();
            double[] pruned = EvaluationSteps.logPx(plan, Optional.of(units), 0, plan.n(), progress);
            EvaluationSteps.combine(plan, units, true, pruned, (System.nanoTime() - prunedStart) / 1e9, command);
        }
        return result;
    }
}
