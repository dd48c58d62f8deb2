package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntConsumer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.ThreadCalibration;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Bernoulli;
import org.iwae4j.model.LogWeights;
import org.iwae4j.model.SamplePass;
import org.iwae4j.objective.LogMath;

/**
 * The importance-sampling estimate log p(x) ~ log (1/k) sum_i p(x, h_i) / q(h_i | x) with h_i ~ q,
 * i.e. the IWAE bound at large k (the paper uses k = 5000). Samples are drawn in chunks so that
 * memory stays bounded for any k; chunk results are combined by log-sum-exp in double precision.
 *
 * <p>Two implementations give the same estimates up to rounding ({@link Implementation}): the
 * decoder and the Bernoulli likelihood as one native call per pass ({@link NativeDecoder}, used on
 * the CPU wherever it builds), or the model's own operations through the engine. Both draw the same
 * samples from the same seeds; each is deterministic on its own.
 */
public final class LogLikelihood {
    /** Rows (examples x samples) per pass: large enough for efficient GEMMs, small enough for cache. */
    public static final int DEFAULT_ROWS_PER_PASS = 2000;

    private LogLikelihood() {}

    /**
     * Per-example log p(x) of the whole set, with every pass's draws taken from one generator.
     *
     * @param model the model to score
     * @param set the binarized images
     * @param k importance samples per example
     * @param rowsPerPass rows (examples x samples) per pass, which bounds memory
     * @param manager the manager whose sub-managers hold each pass's arrays
     * @param rng the draws, one torch seed per chunk of samples
     * @param progress told the number of examples finished after each pass
     * @return per-example log p(x) estimates
     */
    public static double[] estimate(Autoencoder model, BinarizedSet set, int k, int rowsPerPass,
            NDManager manager, SeededRandom rng, IntConsumer progress) {
        Passes passes = Passes.plan(k, rowsPerPass);
        double[] result = new double[set.count()];
        double logK = Math.log(k);
        for (int from = 0; from < set.count(); from += passes.examples()) {
            int to = Math.min(set.count(), from + passes.examples());
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = set.rows(scope, from, to);
                NDArray signs = Bernoulli.signs(x);
                double[] accumulated = null;
                for (int done = 0; done < k; done += passes.samples()) {
                    int chunk = Math.min(passes.samples(), k - done);
                    Torch.seed(rng.nextTorchSeed());
                    NDArray logW = logWeights(model, x, signs, chunk, scope);
                    float[] chunkLse = LogMath.logSumExp(logW, 0).toFloatArray();
                    accumulated = combine(accumulated, chunkLse);
                }
                for (int i = 0; i < to - from; i++) {
                    result[from + i] = accumulated[i] - logK;
                }
            }
            progress.accept(to);
        }
        return result;
    }

    /**
     * Per-example log p(x) of examples {@code from..to} of {@code set}, with the draws of each pass
     * seeded from {@code seed} and the pass's global position alone. Passes start at multiples of
     * {@link #alignment}, so any split of the set into ranges that start at such multiples (shards)
     * gives bit-identical per-example estimates to one call over the whole set.
     *
     * @param model the model to score
     * @param set the binarized images
     * @param from the first example
     * @param to one past the last example
     * @param k importance samples per example
     * @param rowsPerPass rows (examples x samples) per pass, which bounds memory
     * @param manager the manager whose sub-managers hold each pass's arrays
     * @param seed the evaluation's seed
     * @param progress told the number of examples of the range finished after each pass
     * @return the estimates of examples {@code from..to}, in order
     * @throws IllegalArgumentException if the range is outside the set
     */
    public static double[] estimateRange(Autoencoder model, BinarizedSet set, int from, int to, int k,
            int rowsPerPass, NDManager manager, long seed, IntConsumer progress) {
        return estimateRange(model, set, from, to, k, rowsPerPass, manager, seed, progress,
                implementation(manager.getDevice().isGpu()));
    }

    /** As the public overload, on a given implementation. */
    static double[] estimateRange(Autoencoder model, BinarizedSet set, int from, int to, int k,
            int rowsPerPass, NDManager manager, long seed, IntConsumer progress, Implementation implementation) {
        if (from < 0 || to > set.count() || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " outside 0.." + set.count());
        }
        Passes passes = Passes.plan(k, rowsPerPass);
        double[] result = new double[to - from];
        double logK = Math.log(k);
        int start = from;
        while (start < to) {
            int end = Math.min(to, (start / passes.examples() + 1) * passes.examples());
            SeededRandom rng = passRandom(seed, start);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = set.rows(scope, start, end);
                NDArray signs = Bernoulli.signs(x);
                double[] accumulated = null;
                for (int done = 0; done < k; done += passes.samples()) {
                    int chunk = Math.min(passes.samples(), k - done);
                    Torch.seed(rng.nextTorchSeed());
                    NDArray logW = logWeights(model, x, signs, chunk, scope, implementation);
                    accumulated = combine(accumulated, LogMath.logSumExp(logW, 0).toFloatArray());
                }
                for (int i = 0; i < end - start; i++) {
                    result[start - from + i] = accumulated[i] - logK;
                }
            }
            progress.accept(end - from);
            start = end;
        }
        return result;
    }

    /**
     * Shard boundaries must be multiples of this for shards to reproduce the whole-set estimate.
     *
     * @param k importance samples per example
     * @param rowsPerPass rows (examples x samples) per pass
     * @return the examples per pass
     */
    public static int alignment(int k, int rowsPerPass) {
        return Passes.plan(k, rowsPerPass).examples();
    }

    /** How the decoder and the likelihood of a pass are computed; recorded with every evaluation. */
    public enum Implementation {
        /** One native call per pass: the decoder's GEMMs in cache-sized blocks, the likelihood fused. */
        NATIVE_DECODER("native-decoder"),
        /** The model's operations through the engine (the general path, and the only one on a GPU). */
        ENGINE("engine");

        private final String id;

        Implementation(String id) {
            this.id = id;
        }

        /** @return the name recorded in results */
        public String id() {
            return id;
        }
    }

    /**
     * The implementation that evaluations on the CPU use in this process (the native decoder once it
     * has been built and has passed its self-test; {@code -Diwae.eval.native=false} turns it off).
     *
     * @return the implementation
     */
    public static Implementation implementation() {
        return NativeDecoder.get() != null ? Implementation.NATIVE_DECODER : Implementation.ENGINE;
    }

    /**
     * As {@link #implementation()}, for a model on a given device: GPUs use the engine.
     *
     * @param gpu whether the model's arrays are on a GPU
     * @return the implementation
     */
    public static Implementation implementation(boolean gpu) {
        return gpu ? Implementation.ENGINE : implementation();
    }

    /** log w of a pass, [k, B]: the same draws and prior terms on both implementations. */
    static NDArray logWeights(Autoencoder model, NDArray x, NDArray signs, int k, NDManager scope) {
        return logWeights(model, x, signs, k, scope, implementation(x.getDevice().isGpu()));
    }

    static NDArray logWeights(Autoencoder model, NDArray x, NDArray signs, int k, NDManager scope,
            Implementation implementation) {
        if (implementation == Implementation.ENGINE) {
            return model.logWeights(x, k, scope).total();
        }
        SamplePass pass = model.sample(x, k, scope);
        ThreadCalibration calibration = decoderThreads(Torch.threads());
        int threads = calibration.next();
        long start = System.nanoTime();
        float[] logLikelihood = NativeDecoder.get().logLikelihood(model.outputNetwork(), pass.firstLayerSamples(),
                signs, threads);
        calibration.record(threads, System.nanoTime() - start, logLikelihood.length);
        NDArray likelihood = scope.create(logLikelihood, new Shape(k, x.getShape().get(0)));
        return new LogWeights(likelihood, pass.logPrior(), pass.logPosterior()).total();
    }

    /**
     * The native decoder's threads, chosen by measurement between 1 and the engine's intra-op count
     * (its results do not depend on them), one calibration per count for the whole process.
     */
    private static synchronized ThreadCalibration decoderThreads(int engineThreads) {
        return CALIBRATIONS.computeIfAbsent(engineThreads, ThreadCalibration::upTo);
    }

    /**
     * The native decoder's thread count chosen by the latest measurement at this engine thread count.
     *
     * @return the count, or -1 before the native decoder has run enough passes (or where it is not used)
     */
    public static synchronized int measuredDecoderThreads() {
        ThreadCalibration c = CALIBRATIONS.get(Torch.threads());
        return c == null ? -1 : c.chosen();
    }

    private static final java.util.Map<Integer, ThreadCalibration> CALIBRATIONS = new java.util.HashMap<>();

    /** The draws of the pass starting at global example {@code first}: a stream of its own. */
    static SeededRandom passRandom(long seed, int first) {
        long mixed = new SeededRandom(seed).nextLong() ^ ((first + 1L) * 0xD1B54A32D192ED03L);
        return new SeededRandom(new SeededRandom(mixed).nextLong());
    }

    private static double[] combine(double[] acc, float[] chunk) {
        if (acc == null) {
            double[] first = new double[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                first[i] = chunk[i];
            }
            return first;
        }
        for (int i = 0; i < chunk.length; i++) {
            double a = acc[i];
            double b = chunk[i];
            double max = Math.max(a, b);
            acc[i] = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        }
        return acc;
    }

    /** How many examples and samples go into one pass. */
    record Passes(int examples, int samples) {
        static Passes plan(int k, int rowsPerPass) {
            if (k >= rowsPerPass) {
                int passesPerExample = (k + rowsPerPass - 1) / rowsPerPass;
                return new Passes(1, (k + passesPerExample - 1) / passesPerExample);
            }
            return new Passes(Math.max(1, rowsPerPass / k), k);
        }
    }
}
