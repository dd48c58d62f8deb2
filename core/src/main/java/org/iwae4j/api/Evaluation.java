package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.MemoryEstimate;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.PosteriorCollapse;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.train.ProgressListener;

/** Scores a run on one split: log-likelihood estimate and active units, saved as eval-SPLIT.json. */
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
        return run(runDir, options, dataDir, DataCheck.Policy.VERIFY, progress, command);
    }

    /**
     * As {@link #run(Path, EvalConfig, Path, ProgressListener, List)} and, with {@code withoutInactive},
     * also the NLL of the model with its inactive units removed (eval-SPLIT-pruned.json and
     * eval-SPLIT-pruned-logpx.npy), as the paper's experiments reported. The parts are those of
     * {@link EvaluationSteps}, so a sharded evaluation gives the same numbers.
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
        EvalResult result = run(runDir, fixed, dataDir, progress, command);
        if (withoutInactive) {
            long start = System.nanoTime();
            EvaluationSteps.Units units = EvaluationSteps.units(runDir, fixed, dataDir, progress::message);
            double[] pruned = EvaluationSteps.logPx(runDir, fixed, java.util.Optional.of(units), 0, units.n(), dataDir,
                    progress);
            EvaluationSteps.combine(runDir, fixed, units, true, pruned, (System.nanoTime() - start) / 1e9, command);
        }
        return result;
    }

    /**
     * Before anything long: the options, the run's record, the destination (writable), the memory a
     * pass needs, and the data files against the run's record.
     *
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     *     (then the change is recorded in eval-SPLIT.json)
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, Path dataDir, DataCheck.Policy dataPolicy,
            ProgressListener progress, List<String> command) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        RunRecord record = run.readRecord();
        TrainConfig config = record.config();
        Path destination = run.evalFile(options.split());
        AtomicFiles.removeStaleTemporaries(run.root());
        AtomicFiles.checkWritable(destination);
        MemoryEstimate.checkEvaluation(options, record.architecture());
        DataCheck.Verified verified = DataCheck.load(record, dataDir, dataPolicy, progress::message);
        DatasetSplits data = verified.data();
        BinarizedSet set = EvaluationSteps.set(data, config, options);
        Torch.setThreads(options.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(run, options.checkpoint(), manager, progress::message)) {
            long start = System.nanoTime();
            LogLikelihoodEstimate ll = trained.logLikelihood(set, options, progress);
            List<double[]> variances = ActiveUnits.variances(trained.model(), set, manager,
                    new org.iwae4j.common.SeededRandom(options.seed() + 1));
            List<Integer> activePerLayer = variances.stream().map(ActiveUnits::count).toList();
            PosteriorCollapse collapse = PosteriorCollapse.measure(trained.model(), set, manager,
                    new org.iwae4j.common.SeededRandom(options.seed() + 2));
            int latentUnits = variances.stream().mapToInt(v -> v.length).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            EvalResult result = new EvalResult(runDir.toString(), options.split(), set.count(), options.k(), ll.nll(),
                    ll.stderr(), activePerLayer.stream().mapToInt(Integer::intValue).sum(), latentUnits, activePerLayer,
                    trained.epoch(), config.model(), config.k(), config.layers(), options.seed(), config.evalSeed(),
                    seconds, set.count() / seconds, trained.checkpoint().getFileName().toString(),
                    Provenance.now(options.effectiveThreads(), options.device().id(), command),
                    verified.acceptedChanges(), collapse);
            // each example's log p(x), seeded by position: a sharded evaluation reproduces it exactly
            EvaluationSteps.writeNpy(runDir.resolve("eval-" + options.split() + "-logpx.npy"), ll.perExample());
            Json.write(destination, result);
            return result;
        }
    }
}
