package org.iwae4j.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.iwae4j.ais.AisInit;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainingPath;
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
            double min, double max, double gflops, long rssMb, List<Double> repeats, double percentOfPeak,
            double percentOfPeakAtThreads, double nativeCallsPerStep) {
        /** With the share of the measured GEMM peak (the machine's best, and the one at this case's threads). */
        public Result withPeak(Peak peak) {
            return new Result(name, kind, k, layers, batch, threads, median, min, max, gflops, rssMb, repeats,
                    100 * gflops / peak.best(), 100 * gflops / peak.at(threads), nativeCallsPerStep);
        }

        public Result withNativeCalls(double perStep) {
            return new Result(name, kind, k, layers, batch, threads, median, min, max, gflops, rssMb, repeats,
                    percentOfPeak, percentOfPeakAtThreads, perStep);
        }
    }

    /** A large single-precision GEMM's speed through the same engine, per thread count (median GFLOP/s). */
    public record Gemm(int threads, int size, double gflops, double min, double max) {}

    /** The machine's measured peak: GEMM GFLOP/s per thread count. */
    public record Peak(List<Gemm> gemms) {
        public double best() {
            return gemms.stream().mapToDouble(Gemm::gflops).max().orElse(Double.NaN);
        }

        public double at(int threads) {
            return gemms.stream().filter(g -> g.threads() == threads).mapToDouble(Gemm::gflops).findFirst()
                    .orElse(best());
        }
    }

    public static final List<Case> DEFAULT_CASES = List.of(
            new Case("vae", 1, 1, 20), new Case("iwae", 5, 1, 20), new Case("iwae", 50, 1, 20),
            new Case("iwae", 50, 2, 20), new Case("vae", 1, 1, 100), new Case("iwae", 50, 1, 100));

    private final int threads;
    private final double secondsPerRepeat;
    private final int repeats;
    private final Consumer<String> log;
    private final TrainingPath path;

    /** @param threads intra-op threads, 0 for the same automatic choice as training */
    public Benchmark(int threads, double secondsPerRepeat, int repeats, Consumer<String> log) {
        this(threads, secondsPerRepeat, repeats, TrainingPath.AUTO, log);
    }

    /**
     * @param threads intra-op threads, 0 for the same automatic choice as training
     * @param path the training step's path (AUTO: the fast one where it applies, as training chooses)
     */
    public Benchmark(int threads, double secondsPerRepeat, int repeats, TrainingPath path, Consumer<String> log) {
        this.path = path;
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
    static final class Steps {
        private final Case c;
        private final ImageSet images = syntheticImages(1000);
        private final TrainingStep step;
        private final SeededRandom rng = new SeededRandom(2);
        private final int[] order = new int[images.size()];
        private final float[] batch;
        private int cursor;

        Steps(Case c, NDManager manager, TrainingPath path) {
            this.c = c;
            Torch.seed(1);
            Parameters params = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(Architecture.paper(c.layers(), 784), params,
                    Autoencoder.outputBiasFor(images.pixelMeans()));
            Adam adam = Adam.paper(List.copyOf(params.all()), params.manager());
            step = TrainingStep.create(path, model, Objectives.byName(c.model()), new Reparameterized(), c.k(), adam, manager);
            Arrays.setAll(order, i -> i);
            batch = new float[c.batch() * 784];
        }

        /** @return the path the step took ("fast" or "general"), as AUTO resolves it */
        String pathTaken() {
            return (step instanceof org.iwae4j.train.WrittenOutStep ? TrainingPath.FAST : TrainingPath.GENERAL).id();
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
            Steps steps = new Steps(c, manager, path);
            double[] perSecond = time(steps::next, c.batch());
            double flops = FlopCount.trainingPerExample(Architecture.paper(c.layers(), 784), c.k());
            return result(c.label(), "train", c.k(), c.layers(), c.batch(), t, perSecond, flops);
        }
    }

    /**
     * Two training paths of one case in one process, taking turns: both are built, then for each of
     * {@code rounds} rounds each runs a burst of about {@code secondsPerRepeat / 2} (the order swaps
     * every round). Paired in time, so machine load that drifts between rounds hits both alike.
     *
     * @param name the case
     * @param threads intra-op threads
     * @param firstPerSecond examples per wall-second of the first path, over all its bursts
     * @param secondPerSecond the same for the second path
     * @param ratio second / first, the median of the per-round ratios (wall)
     * @param cpuRatio second / first per CPU-second of the process, over all bursts
     * @param roundRatios each round's wall ratio
     */
    public record Alternation(String name, int threads, double firstPerSecond, double secondPerSecond, double ratio,
            double cpuRatio, List<Double> roundRatios) {}

    /**
     * Alternates two paths of a case in this process (see {@link Alternation}).
     *
     * @param c the case
     * @param first the baseline path
     * @param second the path compared with it
     * @param rounds how many turns each takes
     * @return both rates and their ratio
     */
    public Alternation alternate(Case c, TrainingPath first, TrainingPath second, int rounds) {
        int t = trainingThreads(c);
        Torch.setThreads(t);
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean) os;
        try (NDManager m1 = Torch.newManager(Torch.device("cpu")); NDManager m2 = Torch.newManager(Torch.device("cpu"))) {
            Steps[] steps = {new Steps(c, m1, first), new Steps(c, m2, second)};
            long[] burst = new long[2];
            for (int v = 0; v < 2; v++) {
                burst[v] = Math.max(1, runFor(steps[v]::next, secondsPerRepeat / 2));
            }
            double[] wall = new double[2];
            double[] cpu = new double[2];
            long[] done = new long[2];
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] seconds = new double[2];
                for (int i = 0; i < 2; i++) {
                    int v = (r + i) % 2;
                    long cpuStart = process.getProcessCpuTime();
                    long start = System.nanoTime();
                    for (long s = 0; s < burst[v]; s++) {
                        steps[v].next();
                    }
                    seconds[v] = (System.nanoTime() - start) / 1e9;
                    wall[v] += seconds[v];
                    cpu[v] += (process.getProcessCpuTime() - cpuStart) / 1e9;
                    done[v] += burst[v];
                }
                ratios.add((burst[1] / seconds[1]) / (burst[0] / seconds[0]));
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double examples0 = (double) done[0] * c.batch();
            double examples1 = (double) done[1] * c.batch();
            Alternation a = new Alternation(c.label(), t, examples0 / wall[0], examples1 / wall[1], median(sorted),
                    (examples1 / cpu[1]) / (examples0 / cpu[0]), ratios);
            log.accept(String.format("%-26s %s %9.1f ex/s, %s %9.1f ex/s: x%.2f (rounds %.2f-%.2f), per CPU-second x%.2f",
                    c.label(), first.id(), a.firstPerSecond(), second.id(), a.secondPerSecond(), a.ratio(), sorted[0],
                    sorted[sorted.length - 1], a.cpuRatio()));
            return a;
        }
    }

    /**
     * Resident memory over a long run of training steps: flat means no native leak.
     *
     * @param warmupSteps the steps before the measured ones: at least a fifth of {@code steps}, and
     *     until the JVM's young generation had been collected twice
     */
    public record Soak(String name, long steps, long warmupSteps, long rssAfterWarmupMb, long rssAtEndMb,
            double growthPercent, double seconds, List<Long> rssEveryTenthMb) {}

    /**
     * A warm-up, then {@code steps} measured steps of {@code c}; RSS after every tenth of them. The
     * warm-up lasts at least a fifth of {@code steps} and until the young generation has been
     * collected twice: until then every step's few hundred bytes of Java garbage land on eden pages
     * never touched before, so resident memory rises by up to the young generation's size (64 MB,
     * launcher's -Xmn64m) without anything leaking. The fast step makes so little garbage that this
     * took ~100,000 steps and read as a leak of ~0.6-1.5 KB per step (README, Performance).
     */
    public Soak soak(Case c, long steps) {
        Torch.setThreads(trainingThreads(c));
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Steps training = new Steps(c, manager, path);
            long start = System.nanoTime();
            long youngBefore = youngCollections();
            long warmup = 0;
            while (warmup < Math.max(1, steps / 5) || youngCollections() - youngBefore < 2) {
                training.next();
                warmup++;
            }
            long afterWarmup = residentMegabytes("VmRSS");
            List<Long> tenths = new ArrayList<>();
            for (long s = 0; s < steps; s++) {
                training.next();
                if ((s + 1) % Math.max(1, steps / 10) == 0) {
                    tenths.add(residentMegabytes("VmRSS"));
                }
            }
            long end = residentMegabytes("VmRSS");
            Soak soak = new Soak(c.label(), steps, warmup, afterWarmup, end, 100.0 * (end - afterWarmup) / afterWarmup,
                    (System.nanoTime() - start) / 1e9, tenths);
            log.accept(String.format("soak %s (%s path): %d steps after a warm-up of %d, resident %d MB after the warm-up,"
                    + " %d MB at the end (%+.1f %%); every tenth: %s MB", c.label(), training.pathTaken(), steps, warmup,
                    afterWarmup, end, soak.growthPercent(), tenths));
            return soak;
        }
    }

    /** @return the collections of the young generation so far (G1's young and mixed pauses) */
    static long youngCollections() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Old") && !gc.getName().contains("Concurrent") && gc.getCollectionCount() > 0) {
                n += gc.getCollectionCount();
            }
        }
        return n;
    }

    public Result evaluation(int k, int examples, int rowsPerPass) {
        int t = EvalConfig.defaults().threads(threads).effectiveThreads();
        Torch.setThreads(t);
        Architecture arch = Architecture.paper(1, 784);
        BinarizedSet set = Binarization.fixed(syntheticImages(examples), 3);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(1);
            Autoencoder model = new Autoencoder(arch, Parameters.initialized(manager), new float[784]);
            SeededRandom rng = new SeededRandom(4);
            long[] sets = {0};
            Runnable oneSet = () -> {
                LogLikelihood.estimate(model, set, k, rowsPerPass, manager, rng, done -> {});
                sets[0]++;
            };
            // Examples per CPU-second of the process as well: on a shared machine it moves far less
            // with the load than wall time does (README, Performance, evaluation).
            com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = process.getProcessCpuTime();
            double[] perSecond = time(oneSet, examples);
            double perCpuSecond = sets[0] * examples / ((process.getProcessCpuTime() - cpuStart) / 1e9);
            log.accept(String.format("evaluation path: %s (decoder threads by measurement: %d); %.1f examples and "
                    + "%.1f GFLOP per CPU-second of the process", LogLikelihood.implementation().id(),
                    LogLikelihood.measuredDecoderThreads(), perCpuSecond,
                    perCpuSecond * FlopCount.forwardPerExample(arch, k) / 1e9));
            return result(String.format("eval k=%d 1L", k), "eval", k, 1, examples, t, perSecond,
                    FlopCount.forwardPerExample(arch, k));
        }
    }

    /**
     * AIS from the prior on the paper's 1-layer model (random weights, synthetic images): the cost
     * of {@code eval --method ais} per example.
     *
     * @param steps intermediate distributions
     * @param chains chains per example
     * @param leapfrog leapfrog steps per transition
     * @param examples examples per timed unit (annealed together)
     * @return examples per second and GFLOP/s
     */
    public Result ais(int steps, int chains, int leapfrog, int examples) {
        int t = EvalConfig.defaults().threads(threads).effectiveThreads();
        Torch.setThreads(t);
        Architecture arch = Architecture.paper(1, 784);
        BinarizedSet set = Binarization.fixed(syntheticImages(examples), 3);
        AisSettings settings = AisSettings.of(steps, "sigmoid", AisInit.PRIOR, chains, leapfrog)
                .withExamplesPerPass(examples);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(1);
            Autoencoder model = new Autoencoder(arch, Parameters.initialized(manager), new float[784]);
            AnnealedImportanceSampling ais = new AnnealedImportanceSampling(settings);
            Runnable oneSet = () -> ais.estimate(model, set, 0, examples, 1, manager, done -> {});
            double[] perSecond = time(oneSet, examples, 0);
            return result(String.format("ais T=%d C=%d L=%d 1L", steps, chains, leapfrog), "ais", chains, 1, examples,
                    t, perSecond, FlopCount.aisPerExample(arch, steps, chains + settings.pilotChains(), leapfrog));
        }
    }

    /**
     * GFLOP/s of an n x n by n x n float32 matrix product (torch's CPU GEMM, MKL here) at 1 and 2
     * threads (or the given count): the ceiling the training and evaluation figures are compared with.
     */
    public Peak peak(int size) {
        List<Integer> counts = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads > 0) {
            counts.add(threads);
        } else {
            counts.add(1);
            if (cores > 1) {
                counts.add(2);
            }
        }
        List<Gemm> gemms = new ArrayList<>();
        for (int t : counts) {
            Torch.setThreads(t);
            try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
                Torch.seed(5);
                ai.djl.ndarray.NDArray a = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(size, size));
                ai.djl.ndarray.NDArray b = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(size, size));
                double flops = 2.0 * size * size * size;
                Runnable product = () -> a.matMul(b).close();
                double[] perSecond = time(product, 1, Math.min(1.0, secondsPerRepeat));
                double[] sorted = perSecond.clone();
                Arrays.sort(sorted);
                Gemm g = new Gemm(t, size, median(sorted) * flops / 1e9, sorted[0] * flops / 1e9,
                        sorted[sorted.length - 1] * flops / 1e9);
                log.accept(String.format("%-26s %9.1f GFLOP/s (min %.1f, max %.1f)  %d thread(s)",
                        "GEMM " + size + "^3 fp32", g.gflops(), g.min(), g.max(), t));
                gemms.add(g);
            }
        }
        return new Peak(gemms);
    }

    private static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Examples per second for each repeat, after a warm-up as long as one repeat. */
    private double[] time(Runnable unit, int examplesPerUnit) {
        return time(unit, examplesPerUnit, secondsPerRepeat);
    }

    private double[] time(Runnable unit, int examplesPerUnit, double seconds) {
        double[] rates = new double[repeats];
        runFor(unit, seconds);
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            long units = runFor(unit, seconds);
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
        double median = median(sorted);
        List<Double> all = new ArrayList<>();
        for (double r : rates) {
            all.add(r);
        }
        Result result = new Result(name, kind, k, layers, batch, t, median, sorted[0], sorted[sorted.length - 1],
                median * flopsPerExample / 1e9, residentMegabytes("VmHWM"), all, Double.NaN, Double.NaN, -1);
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
