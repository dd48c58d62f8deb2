package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
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
        options.validate();
        settings.validate();
        RunDirectory run = RunDirectory.open(runDir);
        RunRecord record = run.readRecord();
        TrainConfig config = record.config();
        Path destination = resultFile(runDir, options.split());
        AtomicFiles.removeStaleTemporaries(run.root());
        AtomicFiles.checkWritable(destination);
        Path checkpoint = options.checkpoint().orElseGet(() -> run.latestIntactCheckpoint(progress::message)
                .orElseThrow(() -> new UserError(runDir + " has no intact checkpoint yet (train it first)")));
        DataCheck.Verified verified = DataCheck.load(record, dataDir, DataCheck.Policy.VERIFY, progress::message);
        BinarizedSet set = EvaluationSteps.set(verified.data(), config, options);
        Torch.setThreads(options.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(run, Optional.of(checkpoint), manager, progress::message)) {
            long start = System.nanoTime();
            progress.evaluationStarted(set.count());
            AnnealedImportanceSampling.Result ais = new AnnealedImportanceSampling(settings).run(trained.model(), set,
                    0, set.count(), options.seed(), manager, progress::evaluated);
            double seconds = (System.nanoTime() - start) / 1e9;
            Result result = result(runDir, options, settings, trained, config, ais, seconds, command);
            EvalFiles.writeNpy(runDir.resolve("eval-" + options.split() + "-ais-logpx.npy"), ais.logPx());
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
