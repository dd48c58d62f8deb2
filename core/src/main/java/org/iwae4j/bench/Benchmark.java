package org.iwae4j.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.objective.Objectives;
import org.iwae4j.objective.Reparameterized;
import org.iwae4j.optim.Adam;
import org.iwae4j.train.TrainingStep;

/**
 * Throughput of the real training step and log-likelihood estimator on MNIST-sized inputs
 * (784 grey pixels, dynamically binarized as in training; pixel values do not change the cost).
 * Each case warms up, then times several repeats; results carry median, min and max.
 */
public final class Benchmark {
    /** One training configuration to time. */
    public record Case(String model, int k, int layers, int batch) {
        public String label() {
            return String.format("train %s k=%d %dL b=%d", model, k, layers, batch);
        }
    }

    /** Timings of one case. */
    public record Result(String name, String kind, int k, int layers, int batch, int threads, double median,
            double min, double max, double gflops, long rssMb, List<Double> repeats) {}

    public static final List<Case> DEFAULT_CASES = List.of(
            new Case("vae", 1, 1, 20), new Case("iwae", 5, 1, 20), new Case("iwae", 50, 1, 20),
            new Case("iwae", 50, 2, 20), new Case("vae", 1, 1, 100), new Case("iwae", 50, 1, 100));

    private final int threads;
    private final double secondsPerRepeat;
    private final int repeats;
    private final Consumer<String> log;

    /** @param threads intra-op threads, 0 for the same automatic choice as training */
    public Benchmark(int threads, double secondsPerRepeat, int repeats, Consumer<String> log) {
        this.threads = threads;
        this.secondsPerRepeat = secondsPerRepeat;
        this.repeats = repeats;
        this.log = log;
    }

    private static ImageSet syntheticImages(int count) {
        SeededRandom rng = new SeededRandom(1);
        float[] pixels = new float[count * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble();
        }
        return new ImageSet("synthetic", pixels, count, 28, 28, null);
    }

    /** The real training step of one case on synthetic images, stepping through them in order. */
    private static final class Steps {
        private final Case c;
        private final ImageSet images = syntheticImages(1000);
        private final TrainingStep step;
        private final SeededRandom rng = new SeededRandom(2);
        private final int[] order = new int[images.size()];
        private final float[] batch;
        private int cursor;

        Steps(Case c, NDManager manager) {
            this.c = c;
            Torch.seed(1);
            Parameters params = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(Architecture.paper(c.layers(), 784), params,
                    Autoencoder.outputBiasFor(images.pixelMeans()));
            Adam adam = Adam.paper(List.copyOf(params.all()), params.manager());
            step = new TrainingStep(model, Objectives.byName(c.model()), new Reparameterized(), c.k(), adam, manager);
            Arrays.setAll(order, i -> i);
            batch = new float[c.batch() * 784];
        }

        void next() {
            if (cursor + c.batch() > order.length) {
                cursor = 0;
            }
            Binarization.sample(images.pixels(), 784, order, cursor, cursor + c.batch(), rng, batch);
            step.run(batch, c.batch(), 784, 1e-4f, rng);
            cursor += c.batch();
        }
    }

    private int trainingThreads(Case c) {
        return threads > 0 ? threads : ((long) c.k() * c.batch() >= 400 ? 2 : 1);
    }

    public Result training(Case c) {
        int t = trainingThreads(c);
        Torch.setThreads(t);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Steps steps = new Steps(c, manager);
            double[] perSecond = time(steps::next, c.batch());
            double flops = FlopCount.trainingPerExample(Architecture.paper(c.layers(), 784), c.k());
            return result(c.label(), "train", c.k(), c.layers(), c.batch(), t, perSecond, flops);
        }
    }

    /** Resident memory over a long run of training steps: flat means no native leak. */
    public record Soak(String name, long steps, long rssAfterWarmupMb, long rssAtEndMb, double growthPercent,
            double seconds, List<Long> rssEveryTenthMb) {}

    /**
     * {@code steps} steps of {@code c}; RSS after every tenth. Growth is measured from the end of a
     * warm-up of the first fifth, in which the JVM sizes its heap (a one-off step, then flat); a
     * leak shows as growth over the remaining four fifths.
     */
    public Soak soak(Case c, long steps) {
        Torch.setThreads(trainingThreads(c));
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Steps training = new Steps(c, manager);
            long start = System.nanoTime();
            long afterWarmup = -1;
            List<Long> tenths = new ArrayList<>();
            for (long s = 0; s < steps; s++) {
                training.next();
                if ((s + 1) % Math.max(1, steps / 10) == 0) {
                    tenths.add(residentMegabytes("VmRSS"));
                }
                if (s + 1 == steps / 5) {
                    afterWarmup = residentMegabytes("VmRSS");
                }
            }
            long end = residentMegabytes("VmRSS");
            Soak soak = new Soak(c.label(), steps, afterWarmup, end, 100.0 * (end - afterWarmup) / afterWarmup,
                    (System.nanoTime() - start) / 1e9, tenths);
            log.accept(String.format("soak %s: %d steps, resident %d MB after warm-up, %d MB at the end (%+.1f %%);"
                    + " every tenth: %s MB", c.label(), steps, afterWarmup, end, soak.growthPercent(), tenths));
            return soak;
        }
    }

    public Result evaluation(int k, int examples, int rowsPerPass) {
        int t = threads > 0 ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
        Torch.setThreads(t);
        Architecture arch = Architecture.paper(1, 784);
        BinarizedSet set = Binarization.fixed(syntheticImages(examples), 3);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(1);
            Autoencoder model = new Autoencoder(arch, Parameters.initialized(manager), new float[784]);
            SeededRandom rng = new SeededRandom(4);
            Runnable oneSet = () -> LogLikelihood.estimate(model, set, k, rowsPerPass, manager, rng, done -> {});
            double[] perSecond = time(oneSet, examples);
            return result(String.format("eval k=%d 1L", k), "eval", k, 1, examples, t, perSecond,
                    FlopCount.forwardPerExample(arch, k));
        }
    }

    /** Examples per second for each repeat, after a warm-up as long as one repeat. */
    private double[] time(Runnable unit, int examplesPerUnit) {
        double[] rates = new double[repeats];
        runFor(unit, secondsPerRepeat);
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            long units = runFor(unit, secondsPerRepeat);
            rates[r] = units * examplesPerUnit / ((System.nanoTime() - start) / 1e9);
        }
        return rates;
    }

    private static long runFor(Runnable unit, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long units = 0;
        do {
            unit.run();
            units++;
        } while (System.nanoTime() < end);
        return units;
    }

    private Result result(String name, String kind, int k, int layers, int batch, int t, double[] rates,
            double flopsPerExample) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        List<Double> all = new ArrayList<>();
        for (double r : rates) {
            all.add(r);
        }
        Result result = new Result(name, kind, k, layers, batch, t, median, sorted[0], sorted[sorted.length - 1],
                median * flopsPerExample / 1e9, residentMegabytes("VmHWM"), all);
        log.accept(String.format("%-26s %9.1f ex/s (min %.1f, max %.1f)  %6.1f GFLOP/s  %d thread(s)", name, median,
                sorted[0], sorted[sorted.length - 1], result.gflops(), t));
        return result;
    }

    /** A field of /proc/self/status in MB (VmRSS now, VmHWM the peak), or -1 where there is none. */
    public static long residentMegabytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
