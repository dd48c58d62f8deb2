package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
import org.iwae4j.ais.InferenceGaps;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.Provenance;
import org.iwae4j.train.ProgressListener;

/**
 * {@code eval --method ais}: log p(x) of a run's split by annealed importance sampling, saved as
 * eval-SPLIT-ais.json with the per-example values in eval-SPLIT-ais-logpx.npy. The split, limit,
 * seed, checkpoint and threads come from the same {@link EvalConfig} as the importance-sampling
 * evaluation ({@code k} and the rows per pass are not used), and it goes through the same steps
 * ({@link EvaluationSteps}: the plan with the data check, the evaluated set, aligned ranges, the
 * combination), so a sharded AIS evaluation gives the local run's numbers bit for bit.
 *
 * <p>Internal, not part of the front door ({@link Iwae} is): the engine room of the CLI and the
 * Spark module, which may change.
 */
public final class AisEvaluation {
    private AisEvaluation() {}

    /**
     * The content of eval-SPLIT-ais.json.
     *
     * @param run the run directory
     * @param split the evaluated split
     * @param n examples evaluated
     * @param method always "ais"
     * @param nll mean over the examples of -log p(x), nats
     * @param stderr its standard error over the examples
     * @param steps intermediate distributions
     * @param schedule linear, sigmoid or list
     * @param init where the path starts (prior or q)
     * @param chains chains per example
     * @param leapfrog leapfrog steps per HMC transition
     * @param pilotChains chains of the pilot run that tuned the frozen step sizes
     * @param targetAcceptance the pilot's target acceptance
     * @param acceptance mean acceptance probability of the estimate's transitions
     * @param epoch the checkpoint's epoch
     * @param checkpoint the checkpoint's file name
     * @param seed the seed of the chains
     * @param binarizationSeed the run's evaluation binarization seed
     * @param seconds wall time
     * @param examplesPerSecond n / seconds
     * @param provenance versions, machine, command line
     * @param acceptedDataChanges data files that differed from the run's record and were used
     *     ({@code --accept-changed-data}); empty when the data was as recorded
     */
    public record Result(String run, String split, int n, String method, double nll, double stderr, int steps,
            String schedule, String init, int chains, int leapfrog, int pilotChains, double targetAcceptance,
            double acceptance, int epoch, String checkpoint, long seed, long binarizationSeed, double seconds,
            double examplesPerSecond, Provenance provenance, List<DataCheck.Change> acceptedDataChanges) {
        /** @return one line for the console */
        public String summary() {
            return String.format("%s %s: AIS NLL %.2f ± %.2f (n=%d, %d %s steps from %s, %d chains, %d leapfrog, "
                    + "acceptance %.2f, %.0f s)", run, split, nll, stderr, n, steps, schedule, init, chains, leapfrog,
                    acceptance, seconds);
        }
    }




    /**
     * Evaluates a run by AIS on its data as recorded (data files that differ are refused).
     *
     * @param runDir the run directory
     * @param options split, limit, seed, threads, device, checkpoint
     * @param settings the AIS settings
     * @param dataDir where the named datasets live
     * @param progress hears of examples done
     * @param command the command line, for provenance
     * @return what eval-SPLIT-ais.json now holds
     */
    public static Result run(Path runDir, EvalConfig options, AisSettings settings, Path dataDir,
            ProgressListener progress, List<String> command) {
        return run(runDir, options, settings, dataDir, DataCheck.Policy.VERIFY, progress, command);
    }

    /**
     * The steps of {@link EvaluationSteps} with AIS in this process: {@link #plan}, {@link #logPx}
     * over the whole set, {@link #combine}. A sharded run (the Spark module) calls the same steps
     * on ranges and gets the same numbers.
     *
     * @param runDir the run directory
     * @param options split, limit, seed, threads, device, checkpoint
     * @param settings the AIS settings
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     *     (then the change is recorded in the result)
     * @param progress hears of examples done
     * @param command the command line, for provenance
     * @return what eval-SPLIT-ais.json now holds
     */
    public static Result run(Path runDir, EvalConfig options, AisSettings settings, Path dataDir,
            DataCheck.Policy dataPolicy, ProgressListener progress, List<String> command) {
        EvaluationSteps.Plan plan = plan(runDir, options, settings, dataDir, dataPolicy, progress::message);
        long start = System.nanoTime();
        AnnealedImportanceSampling.Result ais = logPx(plan, settings, 0, plan.n(), progress);
        return combine(plan, settings, ais.logPx(), ais.acceptance(), (System.nanoTime() - start) / 1e9, command);
    }

    /**
     * The plan of an AIS evaluation ({@link EvaluationSteps#plan}): the options, the run's record,
     * eval-SPLIT-ais.json writable, the data check, the checkpoint and the evaluated set.
     *
     * @param runDir the run directory
     * @param options split, limit, seed, threads, device, checkpoint
     * @param settings the AIS settings (checked here, before anything long)
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     * @param warnings hears of accepted data changes and of damaged checkpoints passed over
     * @return the plan
     */
    public static EvaluationSteps.Plan plan(Path runDir, EvalConfig options, AisSettings settings, Path dataDir,
            DataCheck.Policy dataPolicy, Consumer<String> warnings) {
        settings.validate();
        return EvaluationSteps.plan(runDir, options, dataDir, dataPolicy, warnings,
                EvalFiles.aisResult(runDir, options.split()));
    }

    /**
     * Up to {@code count} ranges covering the plan's set, aligned to the AIS passes so that they
     * combine into the numbers of one run over the whole set.
     *
     * @param plan the evaluation
     * @param settings the AIS settings (their examples per pass)
     * @param count the number of shards wanted
     * @return the ranges as {from, to} pairs, in order
     */
    public static List<int[]> shards(EvaluationSteps.Plan plan, AisSettings settings, int count) {
        return EvaluationSteps.shards(plan.n(), settings.examplesPerPass(), count);
    }

    /**
     * The AIS estimates of examples {@code from..to} of the plan's set, by its checkpoint.
     *
     * @param plan the evaluation
     * @param settings the AIS settings
     * @param from the first example, a multiple of the settings' examples per pass for shards to combine
     * @param to one past the last example
     * @param progress told of the examples finished
     * @return per-example log p(x) and acceptance rates of the range
     * @throws UserError if the range is outside the evaluated set
     */
    public static AnnealedImportanceSampling.Result logPx(EvaluationSteps.Plan plan, AisSettings settings, int from,
            int to, ProgressListener progress) {
        EvaluationSteps.checkRange(plan, from, to);
        try (NDManager manager = Torch.newManager(Torch.device(plan.options().device()));
                TrainedModel trained = EvaluationSteps.load(plan, manager, progress::message)) {
            progress.evaluationStarted(to - from);
            return new AnnealedImportanceSampling(settings).run(trained.model(), plan.set(), from, to,
                    plan.options().seed(), manager, progress::evaluated);
        }
    }

    /**
     * The last step: the result from the estimates of the whole set (shards concatenated in order),
     * written with them: eval-SPLIT-ais-logpx.npy first, then eval-SPLIT-ais.json.
     *
     * @param plan the evaluation
     * @param settings the AIS settings
     * @param logPx the per-example log p(x) of the whole set
     * @param acceptance the per-example acceptance rates of the whole set
     * @param seconds the time the estimates took
     * @param command the command line, for provenance
     * @return what eval-SPLIT-ais.json now holds
     */
    public static Result combine(EvaluationSteps.Plan plan, AisSettings settings, double[] logPx,
            double[] acceptance, double seconds, List<String> command) {
        if (logPx.length != plan.n() || acceptance.length != plan.n()) {
            throw new IllegalArgumentException(logPx.length + " estimates for " + plan.n() + " examples");
        }
        EvalConfig options = plan.options();
        LogLikelihoodEstimate estimate = LogLikelihoodEstimate.of(logPx, 0);
        double meanAcceptance = 0;
        for (double a : acceptance) {
            meanAcceptance += a / acceptance.length;
        }
        int n = logPx.length;
        Result result = new Result(plan.runDir().toString(), options.split(), n, "ais", estimate.nll(),
                estimate.stderr(), settings.steps(), settings.schedule(), settings.init().id(), settings.chains(),
                settings.leapfrog(), settings.pilotChains(), settings.targetAcceptance(), meanAcceptance,
                checkpointEpoch(plan), options.checkpoint().orElseThrow().getFileName().toString(), options.seed(),
                plan.record().config().evalSeed(), seconds, n / seconds,
                Provenance.now(options.effectiveThreads(), options.device().id(), command), plan.acceptedChanges());
        EvalFiles.writeNpy(EvalFiles.aisLogPx(plan.runDir(), options.split()), logPx);
        Json.write(EvalFiles.aisResult(plan.runDir(), options.split()), result);
        return result;
    }

    /** The epoch of the plan's checkpoint (the driver of a sharded run has no model loaded). */
    private static int checkpointEpoch(EvaluationSteps.Plan plan) {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            return Checkpoint.read(plan.options().checkpoint().orElseThrow(), manager).state().epoch();
        }
    }

    /**
     * The content of gaps-SPLIT.json: mean bounds and gaps (Cremer et al. 2018) and the per-example values.
     *
     * @param run the run directory
     * @param split the split
     * @param n examples
     * @param k the IWAE bound's k
     * @param logPx mean log p(x) by AIS
     * @param encoderElbo mean ELBO of the encoder's q
     * @param optimizedElbo mean best factorized ELBO
     * @param encoderIwae mean IWAE-k bound of the encoder's q
     * @param optimizedIwae mean best factorized IWAE-k bound
     * @param approximationGapElbo log p(x) - best ELBO
     * @param amortizationGapElbo best ELBO - encoder's ELBO
     * @param approximationGapIwae log p(x) - best IWAE-k bound
     * @param amortizationGapIwae best IWAE-k bound - encoder's
     * @param ais the AIS settings, in words
     * @param optimization the local optimization's settings
     * @param epoch the checkpoint's epoch
     * @param seconds wall time
     * @param perExample the per-example arrays by name
     * @param provenance versions, machine, command line
     */
    public record GapsResult(String run, String split, int n, int k, double logPx, double encoderElbo,
            double optimizedElbo, double encoderIwae, double optimizedIwae, double approximationGapElbo,
            double amortizationGapElbo, double approximationGapIwae, double amortizationGapIwae, String ais,
            InferenceGaps.Settings optimization, int epoch, double seconds, java.util.Map<String, double[]> perExample,
            Provenance provenance) {
        /** @return a small table for the console */
        public String table() {
            return String.format("%s %s, n=%d (%s)%n%-10s %10s %10s %14s %14s%n%-10s %10.2f %10.2f %14.2f %14.2f%n"
                    + "%-10s %10.2f %10.2f %14.2f %14.2f%nlog p(x) by AIS: %.2f", run, split, n, ais, "bound",
                    "encoder", "optimized", "approximation", "amortization", "ELBO", encoderElbo, optimizedElbo,
                    approximationGapElbo, amortizationGapElbo, "IWAE k=" + k, encoderIwae, optimizedIwae,
                    approximationGapIwae, amortizationGapIwae, logPx);
        }
    }

    /**
     * {@code iwae gaps}: the inference gaps of a run's split, saved as gaps-SPLIT.json.
     *
     * @param runDir a run directory with a checkpoint
     * @param options split, limit, seed, threads, device, checkpoint
     * @param ais the AIS settings for log p(x)
     * @param settings the local optimization
     * @param dataDir where the datasets live
     * @param progress hears of examples done
     * @param command the command line, for provenance
     * @return what gaps-SPLIT.json now holds
     */
    public static GapsResult gaps(Path runDir, EvalConfig options, AisSettings ais, InferenceGaps.Settings settings,
            Path dataDir, ProgressListener progress, List<String> command) {
        ais.validate();
        settings.validate();
        Path destination = EvalFiles.gaps(runDir, options.split());
        EvaluationSteps.Plan plan = EvaluationSteps.plan(runDir, options, dataDir, DataCheck.Policy.VERIFY,
                progress::message, destination);
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = EvaluationSteps.load(plan, manager, progress::message)) {
            long start = System.nanoTime();
            progress.evaluationStarted(plan.n());
            InferenceGaps.Result r = InferenceGaps.run(trained.model(), plan.set(), 0, plan.n(), ais,
                    settings, options.seed(), manager, progress::evaluated);
            java.util.Map<String, double[]> perExample = new java.util.LinkedHashMap<>();
            perExample.put("log_px", r.logPx());
            perExample.put("encoder_elbo", r.encoderElbo());
            perExample.put("optimized_elbo", r.optimizedElbo());
            perExample.put("encoder_iwae", r.encoderIwae());
            perExample.put("optimized_iwae", r.optimizedIwae());
            GapsResult result = new GapsResult(runDir.toString(), options.split(), r.logPx().length, r.k(),
                    InferenceGaps.Result.mean(r.logPx()), InferenceGaps.Result.mean(r.encoderElbo()),
                    InferenceGaps.Result.mean(r.optimizedElbo()), InferenceGaps.Result.mean(r.encoderIwae()),
                    InferenceGaps.Result.mean(r.optimizedIwae()), r.approximationGapElbo(), r.amortizationGapElbo(),
                    r.approximationGapIwae(), r.amortizationGapIwae(), ais.toString(), settings, trained.epoch(),
                    (System.nanoTime() - start) / 1e9, perExample,
                    Provenance.now(options.effectiveThreads(), options.device().id(), command));
            Json.write(destination, result);
            return result;
        }
    }
}
