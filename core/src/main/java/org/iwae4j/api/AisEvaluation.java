package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
import org.iwae4j.ais.InferenceGaps;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.train.ProgressListener;

/**
 * {@code eval --method ais}: log p(x) of a run's split by annealed importance sampling, saved as
 * eval-SPLIT-ais.json with the per-example values in eval-SPLIT-ais-logpx.npy. The split, limit,
 * seed, checkpoint and threads come from the same {@link EvalConfig} as the importance-sampling
 * evaluation ({@code k} and the rows per pass are not used).
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
     */
    public record Result(String run, String split, int n, String method, double nll, double stderr, int steps,
            String schedule, String init, int chains, int leapfrog, int pilotChains, double targetAcceptance,
            double acceptance, int epoch, String checkpoint, long seed, long binarizationSeed, double seconds,
            double examplesPerSecond, Provenance provenance) {
        /** @return one line for the console */
        public String summary() {
            return String.format("%s %s: AIS NLL %.2f ± %.2f (n=%d, %d %s steps from %s, %d chains, %d leapfrog, "
                    + "acceptance %.2f, %.0f s)", run, split, nll, stderr, n, steps, schedule, init, chains, leapfrog,
                    acceptance, seconds);
        }
    }

    /**
     * @param runDir a run directory
     * @param split the evaluated split
     * @return where {@link #run} writes its result
     */
    public static Path resultFile(Path runDir, String split) {
        return runDir.resolve("eval-" + split + "-ais.json");
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
        settings.validate();
        Prepared prepared = prepare(runDir, options, resultFile(runDir, options.split()), dataDir, progress);
        TrainConfig config = prepared.config();
        BinarizedSet set = prepared.set();
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(prepared.run(), Optional.of(prepared.checkpoint()), manager,
                        progress::message)) {
            long start = System.nanoTime();
            progress.evaluationStarted(set.count());
            AnnealedImportanceSampling.Result ais = new AnnealedImportanceSampling(settings).run(trained.model(), set,
                    0, set.count(), options.seed(), manager, progress::evaluated);
            double seconds = (System.nanoTime() - start) / 1e9;
            Result result = result(runDir, options, settings, trained, config, ais, seconds, command);
            EvalFiles.writeNpy(runDir.resolve("eval-" + options.split() + "-ais-logpx.npy"), ais.logPx());
            Json.write(resultFile(runDir, options.split()), result);
            return result;
        }
    }

    /** A run, its checkpoint and evaluated set, checked before anything long. */
    private record Prepared(RunDirectory run, TrainConfig config, Path checkpoint, BinarizedSet set) {}

    private static Prepared prepare(Path runDir, EvalConfig options, Path destination, Path dataDir,
            ProgressListener progress) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        RunRecord record = run.readRecord();
        AtomicFiles.removeStaleTemporaries(run.root());
        AtomicFiles.checkWritable(destination);
        Path checkpoint = options.checkpoint().orElseGet(() -> run.latestIntactCheckpoint(progress::message)
                .orElseThrow(() -> new UserError(runDir + " has no intact checkpoint yet (train it first)")));
        DataCheck.Verified verified = DataCheck.load(record, dataDir, DataCheck.Policy.VERIFY, progress::message);
        BinarizedSet set = EvaluationSteps.set(verified.data(), record.config(), options);
        Torch.setThreads(options.effectiveThreads());
        return new Prepared(run, record.config(), checkpoint, set);
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
        Path destination = runDir.resolve("gaps-" + options.split() + ".json");
        Prepared prepared = prepare(runDir, options, destination, dataDir, progress);
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(prepared.run(), Optional.of(prepared.checkpoint()), manager,
                        progress::message)) {
            long start = System.nanoTime();
            progress.evaluationStarted(prepared.set().count());
            InferenceGaps.Result r = InferenceGaps.run(trained.model(), prepared.set(), 0, prepared.set().count(), ais,
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

    static Result result(Path runDir, EvalConfig options, AisSettings settings, TrainedModel trained,
            TrainConfig config, AnnealedImportanceSampling.Result ais, double seconds, List<String> command) {
        LogLikelihoodEstimate estimate = LogLikelihoodEstimate.of(ais.logPx(), 0);
        double acceptance = 0;
        for (double a : ais.acceptance()) {
            acceptance += a / ais.acceptance().length;
        }
        int n = ais.logPx().length;
        return new Result(runDir.toString(), options.split(), n, "ais", estimate.nll(), estimate.stderr(),
                settings.steps(), settings.schedule(), settings.init().id(), settings.chains(), settings.leapfrog(),
                settings.pilotChains(), settings.targetAcceptance(), acceptance, trained.epoch(),
                trained.checkpoint().getFileName().toString(), options.seed(), config.evalSeed(), seconds, n / seconds,
                Provenance.now(options.effectiveThreads(), options.device().id(), command));
    }
}
