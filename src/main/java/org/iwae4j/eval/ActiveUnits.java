package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;

/**
 * Active units (Burda et al. 2016, section 5.2): a latent unit u is active when
 * Cov_x(E_q[u | x]) exceeds 0.01. The posterior mean of the first stochastic layer is exact; it is
 * the number reported for 1-layer models and the first entry for deeper ones.
 */
public final class ActiveUnits {
    public static final double THRESHOLD = 0.01;
    private static final int BATCH = 500;

    private ActiveUnits() {}

    /** Per unit of the first stochastic layer, the variance over the set of its posterior mean. */
    public static double[] variances(Autoencoder model, BinarizedSet set, NDManager manager) {
        int units = model.architecture().latent().get(0);
        double[] sum = new double[units];
        double[] sumSq = new double[units];
        for (int from = 0; from < set.count(); from += BATCH) {
            int to = Math.min(set.count(), from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(Arrays.copyOfRange(set.pixels(), from * set.dim(), to * set.dim()),
                        new Shape(to - from, set.dim()));
                float[] means = model.posteriorMean(x).toFloatArray();
                for (int i = 0; i < means.length; i++) {
                    sum[i % units] += means[i];
                    sumSq[i % units] += (double) means[i] * means[i];
                }
            }
        }
        double[] variance = new double[units];
        for (int u = 0; u < units; u++) {
            double mean = sum[u] / set.count();
            variance[u] = Math.max(0, sumSq[u] / set.count() - mean * mean);
        }
        return variance;
    }

    public static int count(double[] variances) {
        return (int) Arrays.stream(variances).filter(v -> v > THRESHOLD).count();
    }
}
