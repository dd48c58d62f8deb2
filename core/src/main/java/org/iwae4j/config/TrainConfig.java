package org.iwae4j.config;

import org.iwae4j.optim.LearningRateSchedule;
import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Architecture;
import org.iwae4j.objective.Estimators;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Objectives;

/**
 * Everything that determines a training run; saved as the run's config.json so that the run can
 * be repeated or resumed.
 *
 * @param epochs the number of epochs to train (for the paper schedule, the first that many of its
 *     3,280)
 * @param evalSeed seed of the fixed binarization of the validation and test images, the same for
 *     every run so that their numbers compare
 */
public record TrainConfig(
        String dataset,
        String model,
        int k,
        int layers,
        List<Integer> latent,
        List<Integer> hidden,
        int epochs,
        String schedule,
        double learningRate,
        int batchSize,
        long seed,
        int threads,
        String device,
        long evalSeed,
        int checkpointEvery,
        int keepCheckpoints,
        String onNonFinite,
        String estimator,
        int m,
        double beta,
        double alpha) {

    public static final String STOP = "stop";
    public static final String SKIP = "skip";

    public TrainConfig {
        onNonFinite = onNonFinite == null ? STOP : onNonFinite;
        estimator = estimator == null ? "reparam" : estimator;
        m = m == 0 ? 1 : m;
        latent = latent == null ? List.of() : List.copyOf(latent);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }

    /** Rejects values no run can use, with one line naming the option. */
    public TrainConfig validate() {
        require(k >= 1, "--k must be at least 1, got " + k);
        require(layers >= 1, "--layers must be at least 1, got " + layers);
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be positive, got " + learningRate);
        require(threads >= 0, "--threads must be 0 (auto) or more, got " + threads);
        require(checkpointEvery >= 1, "--checkpoint-every must be at least 1, got " + checkpointEvery);
        require(STOP.equals(onNonFinite) || SKIP.equals(onNonFinite),
                "--on-non-finite must be stop or skip, got '" + onNonFinite + "'");
        require(keepCheckpoints >= 1, "--keep-checkpoints must be at least 1, got " + keepCheckpoints);
        require(latent.isEmpty() || latent.size() == layers,
                "--latent needs one size per stochastic layer (" + layers + "), got " + latent);
        require(hidden.isEmpty() || hidden.size() == layers,
                "--hidden needs one width per stochastic layer (" + layers + "), got " + hidden);
        require(latent.stream().allMatch(n -> n >= 1), "latent sizes must be at least 1, got " + latent);
        require(hidden.stream().allMatch(n -> n >= 1), "hidden widths must be at least 1, got " + hidden);
        require(List.of("auto", "cpu", "gpu").contains(device), "unknown device '" + device + "' (known: auto, cpu, gpu)");
        if (latent.isEmpty() || hidden.isEmpty()) {
            Architecture.paper(layers, 1); // the defaults exist for the paper's depths only
        }
        LearningRateSchedule.byName(schedule, learningRate, epochs);
        objective();
        Estimators.byName(estimator);
        return this;
    }

    public Objective objective() {
        return Objectives.create(model, new Objectives.Settings(m, beta, alpha));
    }

    /** Samples drawn per example: k, or m groups of k for MIWAE and PIWAE. */
    public int samplesPerExample() {
        return objective().samplesFor(k);
    }

    /** Intra-op threads: two pay off only for large GEMMs (k >= 20 at batch 20), one otherwise. */
    public int effectiveThreads() {
        if (threads > 0) {
            return threads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return (long) samplesPerExample() * batchSize >= 400 ? Math.min(2, cores) : 1;
    }

    public TrainConfig withEpochs(int newEpochs) {
        return copy(dataset, newEpochs);
    }

    public TrainConfig withDataset(String newDataset) {
        return copy(newDataset, epochs);
    }

    private TrainConfig copy(String newDataset, int newEpochs) {
        return new TrainConfig(newDataset, model, k, layers, latent, hidden, newEpochs, schedule, learningRate,
                batchSize, seed, threads, device, evalSeed, checkpointEvery, keepCheckpoints, onNonFinite, estimator, m,
                beta, alpha);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserError(message);
        }
    }
}
