package org.iwae4j.experiment;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.iwae4j.config.TrainConfig;

/**
 * One configuration of an experiment: an ordinary run directory {@code id} under the
 * experiment's directory. {@code continues} names the configuration whose final checkpoint this one
 * continues (Table 2), or is null.
 */
public record Configuration(String id, String dataset, int layers, String model, int k, long seed, int epochs,
        String schedule, double learningRate, int threads, String continues) implements Serializable {

    /** The run's training configuration (the paper's batch size 20, architectures, eval seed 0). */
    public TrainConfig trainConfig() {
        return new TrainConfig(dataset, model, k, layers, List.of(), List.of(), epochs, schedule, learningRate, 20,
                seed, threads, "cpu", 0, 1, 3, TrainConfig.STOP, "reparam", 1, 0.5, 0.5);
    }

    /** e.g. "mnist-L1-iwae-k50-s1". */
    static String name(String dataset, int layers, String model, int k, long seed) {
        String data = dataset.replaceAll("[^A-Za-z0-9.-]+", "_");
        if (data.length() > 40) {
            data = data.substring(data.length() - 40);
        }
        return String.format(Locale.ROOT, "%s-L%d-%s-k%d-s%d", data, layers, model, k, seed);
    }
}
