package org.iwae4j.train;

import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Architecture;
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
        String onNonFinite) {

    public static final String STOP = "stop";
    public static final String SKIP = "skip";

    public TrainConfig {
        onNonFinite = onNonFinite == null ? STOP : onNonFinite;
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
        if (latent.isEmpty() || hidden.isEmpty()) {
            Architecture.paper(layers, 1); // the defaults exist for the paper's depths only
        }
        LearningRateSchedule.byName(schedule, learningRate, epochs);
        Objectives.byName(model);
        return this;
    }

    /** Intra-op threads: two pay off only for large GEMMs (k >= 20 at batch 20), one otherwise. */
    public int effectiveThreads() {
        if (threads > 0) {
            return threads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return (long) k * batchSize >= 400 ? Math.min(2, cores) : 1;
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(dataset, model, k, layers, latent, hidden, newEpochs, schedule, learningRate,
                batchSize, seed, threads, device, evalSeed, checkpointEvery, keepCheckpoints, onNonFinite);
    }

    public TrainConfig withDataset(String newDataset) {
        return new TrainConfig(newDataset, model, k, layers, latent, hidden, epochs, schedule, learningRate,
                batchSize, seed, threads, device, evalSeed, checkpointEvery, keepCheckpoints, onNonFinite);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserError(message);
        }
    }
}
