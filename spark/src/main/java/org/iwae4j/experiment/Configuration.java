package org.iwae4j.experiment;

import java.io.Serializable;
import java.util.Locale;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Datasets;
import org.iwae4j.optim.Optimizer;
import org.iwae4j.optim.Schedule;

/**
 * One configuration of an experiment: an ordinary run directory {@code id} under the
 * experiment's directory. {@code continues} names the configuration whose final checkpoint this one
 * continues (Table 2), or is null; {@code optimizer} is adam (the paper's text) or burda (its code).
 */
public record Configuration(String id, String dataset, int layers, String model, int k, long seed, int epochs,
        String schedule, double learningRate, int threads, String continues, String optimizer) implements Serializable {

    /** The run's training configuration (the paper's batch size 20, architectures, eval seed 0). */
    public TrainConfig trainConfig() {
        return TrainConfig.defaults().dataset(dataset).model(model).k(k).layers(layers).epochs(epochs)
                .schedule(Schedule.of(schedule)).learningRate(learningRate).seed(seed).threads(threads)
                .device(ComputeDevice.CPU).optimizer(Optimizer.of(optimizer == null ? "adam" : optimizer));
    }

    /** e.g. "mnist-L1-iwae-k50-s1". */
    static String name(String dataset, int layers, String model, int k, long seed) {
        return String.format(Locale.ROOT, "%s-L%d-%s-k%d-s%d", Datasets.fileName(dataset), layers, model, k, seed);
    }
}
