package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.IntConsumer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.LogMath;

/**
 * The importance-sampling estimate log p(x) ~ log (1/k) sum_i p(x, h_i) / q(h_i | x) with h_i ~ q,
 * i.e. the IWAE bound at large k (the paper uses k = 5000). Samples are drawn in chunks so that
 * memory stays bounded for any k; chunk results are combined by log-sum-exp in double precision.
 */
public final class LogLikelihood {
    /** Rows (examples x samples) per pass: large enough for efficient GEMMs, small enough for cache. */
    public static final int DEFAULT_ROWS_PER_PASS = 2000;

    private LogLikelihood() {}

    /**
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
                double[] accumulated = null;
                for (int done = 0; done < k; done += passes.samples()) {
                    int chunk = Math.min(passes.samples(), k - done);
                    Torch.seed(rng.nextTorchSeed());
                    NDArray logW = model.logWeights(x, chunk, scope).total();
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
