package org.iwae4j.experiment;

import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.optim.Optimizer;
import org.iwae4j.optim.Schedule;
import org.iwae4j.optim.LearningRateSchedule;

/** The paper's experiments as lists of configurations (chains of one or two runs). */
public final class Grid {
    /** Table 2: the second stage's epochs (3^7) and learning rate. */
    public static final int TRANSFER_EPOCHS = 2187;
    public static final double TRANSFER_LR = 1e-4;

    private Grid() {}

    /**
     * Table 1: per dataset, 1 and 2 stochastic layers, VAE and IWAE with k = 5 and 50, and k = 1
     * once (the two bounds coincide), per seed; the paper's schedule (lr 1e-3 * 10^(-i/7)) for the
     * first {@code epochs} of its 3,280 epochs.
     */
    public static List<List<Configuration>> table1(List<String> datasets, List<Long> seeds, int epochs, int threads,
            String optimizer) {
        checkEpochs(epochs);
        List<List<Configuration>> chains = new ArrayList<>();
        for (String dataset : datasets) {
            for (int layers = 1; layers <= 2; layers++) {
                for (long seed : seeds) {
                    chains.add(List.of(paper(dataset, layers, "vae", 1, seed, epochs, threads, optimizer)));
                    for (String model : List.of("vae", "iwae")) {
                        for (int k : new int[] {5, 50}) {
                            chains.add(List.of(paper(dataset, layers, model, k, seed, epochs, threads, optimizer)));
                        }
                    }
                }
            }
        }
        return byCost(chains);
    }

    /**
     * Table 2: a 1-layer VAE (k=1) continued as an IWAE with k=50, and a 1-layer IWAE (k=50)
     * continued as a VAE (k=1), each for {@code transferEpochs} at {@code transferLr}, optimizer
     * state carried over. The first stages are Table 1's configurations.
     */
    public static List<List<Configuration>> table2(String dataset, long seed, int epochs, int transferEpochs,
            double transferLr, int threads, String optimizer) {
        checkEpochs(epochs);
        if (transferEpochs < 1) {
            throw new UserError("--transfer-epochs must be at least 1, got " + transferEpochs);
        }
        if (!(transferLr > 0) || Double.isInfinite(transferLr)) {
            throw new UserError("--transfer-lr must be a positive number, got " + transferLr);
        }
        Configuration vae = paper(dataset, 1, "vae", 1, seed, epochs, threads, optimizer);
        Configuration iwae = paper(dataset, 1, "iwae", 50, seed, epochs, threads, optimizer);
        Configuration toIwae = new Configuration(vae.id() + "-then-iwae-k50", transfer(vae.config(), "iwae", 50,
                transferEpochs, transferLr), vae.id());
        Configuration toVae = new Configuration(iwae.id() + "-then-vae-k1", transfer(iwae.config(), "vae", 1,
                transferEpochs, transferLr), iwae.id());
        return byCost(List.of(List.of(vae, toIwae), List.of(iwae, toVae)));
    }

    static Configuration paper(String dataset, int layers, String model, int k, long seed, int epochs, int threads,
            String optimizer) {
        String id = Configuration.name(dataset, layers, model, k, seed) + ("burda".equals(optimizer) ? "-burda" : "");
        return Configuration.of(id, TrainConfig.paper().dataset(dataset).layers(layers).model(model).k(k).seed(seed)
                .epochs(epochs).threads(threads).optimizer(Optimizer.of(optimizer)), null);
    }

    /** The second stage of a Table 2 chain: the first's settings under another bound, at a constant rate. */
    private static TrainConfig transfer(TrainConfig first, String model, int k, int epochs, double lr) {
        return first.model(model).k(k).epochs(epochs).schedule(Schedule.CONSTANT).learningRate(lr);
    }

    private static void checkEpochs(int epochs) {
        if (epochs < 1 || epochs > LearningRateSchedule.paperEpochs()) {
            throw new UserError("--epochs must be 1.." + LearningRateSchedule.paperEpochs() + " (the paper schedule), got "
                    + epochs);
        }
    }

    /** Relative cost of one epoch, from the measured training speeds (README, Performance). */
    static double epochCost(Configuration c) {
        double perK = c.config().k() >= 50 ? 4.0 : c.config().k() >= 5 ? 1.4 : 1.0;
        return perK * (c.config().layers() == 2 ? 1.6 : 1.0);
    }

    static double chainCost(List<Configuration> chain) {
        return chain.stream().mapToDouble(c -> epochCost(c) * c.config().epochs()).sum();
    }

    /** The most expensive first, so that the last task to finish is a short one. */
    private static List<List<Configuration>> byCost(List<List<Configuration>> chains) {
        List<List<Configuration>> sorted = new ArrayList<>(chains);
        sorted.sort((a, b) -> Double.compare(chainCost(b), chainCost(a)));
        return List.copyOf(sorted);
    }
}
