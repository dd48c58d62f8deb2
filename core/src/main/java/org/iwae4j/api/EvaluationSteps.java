package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.MemoryEstimate;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.InactiveUnits;
import org.iwae4j.eval.CollapseMeasure;
import org.iwae4j.eval.PosteriorCollapse;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.run.UnitsResult;
import org.iwae4j.train.ProgressListener;

/**
 * The one sequence every evaluation of a run goes through, plain, sharded or pruned: {@link #plan}
 * (the options, the run's record, the destination, the memory a pass needs, the data checked
 * against the run's record, and the evaluated set), {@link #units} (the active units, once, over
 * the whole set), {@link #logPx} (the per-example log p(x) of any range of examples), and
 * {@link #combine} (the estimates of the whole set into the result, written with them as a pair).
 * The parts can run in different processes or machines: every example's estimate depends only on
 * the seed and its position, never on the shard boundaries (they are rounded to
 * {@link LogLikelihood#alignment}), so shards combine into exactly the numbers of one local run.
 * {@link Evaluation#run} is these steps in one process.
 *
 * <p>Internal, not part of the front door ({@link Iwae} is): the engine room of the CLI and the
 * Spark module, which may change.
 */
public final class EvaluationSteps {
    private EvaluationSteps() {}

    /**
     * An evaluation ready to run: its run, the options with the checkpoint fixed (every part scores
     * the same one), the data policy (the parts check with the same), the data changes accepted
     * (recorded in the result), and the evaluated set.
     *
     * @param runDir the run directory
     * @param record the run's config.json
     * @param options the options, with the checkpoint every part scores
     * @param dataPolicy whether changed data files were refused or accepted
     * @param acceptedChanges the data changes accepted
     * @param set the evaluated examples
     */
    public record Plan(Path runDir, RunRecord record, EvalConfig options, DataCheck.Policy dataPolicy,
            List<DataCheck.Change> acceptedChanges, BinarizedSet set) {
        /** @return the number of examples evaluated */
        public int n() {
            return set.count();
        }
    }

    /**
     * The first steps, before anything long: the options, the run's record, the destination
     * (writable), the memory a pass needs, the data files against the run's record, the checkpoint,
     * and the evaluated set (the split binarized with the run's eval seed, its first {@code limit}).
     *
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     *     (then the change is recorded in the result)
     * @param warnings hears of accepted data changes and of damaged checkpoints passed over
     * @return the plan every step takes
     * @throws DataCheck.DataChangedException if the data differs and the policy refuses it
     */
    public static Plan plan(Path runDir, EvalConfig options, Path dataDir, DataCheck.Policy dataPolicy,
            Consumer<String> warnings) {
        return plan(runDir, options, dataDir, dataPolicy, warnings, EvalFiles.result(runDir, options.split(), false));
    }

    /**
     * The plan of one part of an evaluation whose driver planned it with {@link #plan} (and checked
     * the destination there): the same checks and set, without touching the run directory's files,
     * which other parts write at the same time.
     *
     * @param runDir the run directory
     * @param options the driver's plan's options (its checkpoint)
     * @param dataDir where the named datasets live
     * @param dataPolicy the driver's data policy
     * @param warnings hears of accepted data changes
     * @return the plan
     */
    public static Plan planPart(Path runDir, EvalConfig options, Path dataDir, DataCheck.Policy dataPolicy,
            Consumer<String> warnings) {
        return plan(runDir, options, dataDir, dataPolicy, warnings, null);
    }

    /**
     * As {@link #plan(Path, EvalConfig, Path, DataCheck.Policy, Consumer)}, for a method whose result
     * is written elsewhere (AIS: eval-SPLIT-ais.json), checked writable before anything long.
     *
     * @param runDir the run directory
     * @param options split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     * @param warnings hears of accepted data changes and of damaged checkpoints passed over
     * @param destination the result file, or null for a part that writes no result
     * @return the plan
     */
    static Plan plan(Path runDir, EvalConfig options, Path dataDir, DataCheck.Policy dataPolicy,
            Consumer<String> warnings, Path destination) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        RunRecord record = run.readRecord();
        if (destination != null) {
            AtomicFiles.removeStaleTemporaries(run.root());
            AtomicFiles.checkWritable(destination);
        }
        MemoryEstimate.checkEvaluation(options, record.architecture());
        DataCheck.Verified verified = DataCheck.load(record, dataDir, dataPolicy, warnings);
        EvalConfig fixed = options.checkpoint(run.checkpoint(options.checkpoint(), warnings));
        BinarizedSet set = set(verified.data(), record.config(), fixed);
        Torch.setThreads(fixed.effectiveThreads());
        return new Plan(runDir, record, fixed, dataPolicy, verified.acceptedChanges(), set);
    }

    /**
     * @param data the run's data, loaded
     * @param config the run's configuration (its evaluation binarization seed)
     * @param options the split and limit
     * @return the binarized images every part of the evaluation scores
     */
    static BinarizedSet set(DatasetSplits data, TrainConfig config, EvalConfig options) {
        BinarizedSet set = data.forEvaluation(data.split(options.split()), config.evalSeed());
        return options.limit() > 0 ? set.first(options.limit()) : set;
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
        return shards(n, LogLikelihood.alignment(options.k(), options.rowsPerPass()), count);
    }

    /**
     * Up to {@code count} contiguous ranges covering 0..n whose starts are multiples of {@code align}.
     *
     * @param n the number of examples
     * @param align the examples per pass of the method
     * @param count the number of shards wanted; fewer when there are fewer passes
     * @return the ranges as {from, to} pairs, in order
     */
    static List<int[]> shards(int n, int align, int count) {
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
     * Active units and the posterior-collapse diagnostics over the whole set, from the plan's checkpoint.
     *
     * @param plan the evaluation
     * @param warnings told about the checkpoint
     * @return the units
     */
    public static UnitsResult units(Plan plan, Consumer<String> warnings) {
        try (NDManager manager = Torch.newManager(Torch.device(plan.options().device()));
                TrainedModel trained = load(plan, manager, warnings)) {
            List<double[]> variances = ActiveUnits.variances(trained.model(), plan.set(), manager,
                    new SeededRandom(plan.options().seed() + 1));
            return new UnitsResult(trained.checkpoint().toString(), trained.epoch(), plan.n(), variances,
                    InactiveUnits.kept(variances), variances.stream().map(ActiveUnits::count).toList(),
                    CollapseMeasure.measure(trained.model(), plan.set, manager, new SeededRandom(plan.options.seed() + 2)));
        }
    }

    /**
     * Per-example log p(x) of examples {@code from..to} of the set, by the plan's checkpoint, with
     * the inactive units removed when {@code prunedBy} is given.
     *
     * @param plan the evaluation
     * @param prunedBy the units to keep; empty for the whole model
     * @param from the first example, a multiple of {@link LogLikelihood#alignment} for shards to combine
     * @param to one past the last example
     * @param progress told of the examples finished
     * @return the estimates of examples {@code from..to}, in order
     * @throws UserError if the range is outside the evaluated set
     */
    public static double[] logPx(Plan plan, Optional<UnitsResult> prunedBy, int from, int to,
            ProgressListener progress) {
        checkRange(plan, from, to);
        try (NDManager manager = Torch.newManager(Torch.device(plan.options().device()));
                TrainedModel trained = load(plan, manager, progress::message)) {
            Autoencoder model = prunedBy.isPresent()
                    ? InactiveUnits.prune(trained.model(), prunedBy.get().kept(), manager)
                    : trained.model();
            progress.evaluationStarted(to - from);
            return LogLikelihood.estimateRange(model, plan.set(), from, to, plan.options().k(), plan.options().rowsPerPass(),
                    manager, plan.options().seed(), progress::evaluated);
        }
    }

    static void checkRange(Plan plan, int from, int to) {
        if (from < 0 || to > plan.n() || from >= to) {
            throw new UserError("examples " + from + ".." + to + " are outside the " + plan.n() + " evaluated");
        }
    }

    static TrainedModel load(Plan plan, NDManager manager, Consumer<String> warnings) {
        return TrainedModel.load(RunDirectory.open(plan.runDir()), plan.options().checkpoint(), manager, warnings);
    }

    /**
     * The last steps: the evaluation's result from the per-example estimates of the whole set
     * (shards concatenated in order), written with them as a pair (eval-SPLIT.json and
     * eval-SPLIT-logpx.npy, or -pruned; see {@link EvalFiles}), and the active units counted in it
     * (units-SPLIT.json, which the report's units plot shows).
     *
     * @param plan the evaluation
     * @param units the active units measured for this evaluation
     * @param pruned whether the estimates are of the model with inactive units removed
     * @param logPx the per-example estimates of the whole set
     * @param seconds the time the estimates took, for the reported speed
     * @param command the command line, recorded in the result's provenance
     * @return the result, as written
     */
    public static EvalResult combine(Plan plan, UnitsResult units, boolean pruned, double[] logPx, double seconds,
            List<String> command) {
        if (logPx.length != units.n() || logPx.length != plan.n()) {
            throw new IllegalArgumentException(logPx.length + " estimates for " + plan.n() + " examples");
        }
        EvalConfig options = plan.options();
        TrainConfig config = plan.record().config();
        LogLikelihoodEstimate estimate = LogLikelihoodEstimate.of(logPx, options.k());
        EvalResult result = new EvalResult(plan.runDir().toString(), options.split(), logPx.length, options.k(),
                estimate.nll(), estimate.stderr(), units.active(), pruned ? units.keptUnits() : units.latent(),
                units.activePerLayer(), units.epoch(), config.model(), config.k(), config.layers(), options.seed(),
                config.evalSeed(), seconds, logPx.length / seconds, Path.of(units.checkpoint()).getFileName().toString(),
                Provenance.now(options.effectiveThreads(), options.device().id(), command), plan.acceptedChanges(), null,
                LogLikelihood.implementation(Torch.device(options.device()).isGpu()).id(),
                pruned ? null : units.collapse());
        if (!pruned) {
            EvalFiles.writeUnits(EvalFiles.units(plan.runDir(), options.split()), units);
        }
        return EvalFiles.write(plan.runDir(), pruned, result, logPx);
    }
}
