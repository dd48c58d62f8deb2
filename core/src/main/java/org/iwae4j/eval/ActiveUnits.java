package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;

/**
 * Active units (Burda et al. 2016, section 5.2): a latent unit u is active when
 * Cov_x(E_q[u | x]) exceeds 0.01. For the first stochastic layer E_q[u | x] is the encoder's mean;
 * for deeper layers it is averaged over {@link #SAMPLES} draws of the layers below.
 */
public final class ActiveUnits {
    /** The variance of a unit's posterior mean above which the unit counts as active. */
    public static final double THRESHOLD = 0.01;
    /** Draws of the layers below that average a deeper layer's posterior mean. */
    public static final int SAMPLES = 100;
    private static final int BATCH = 100;

    private ActiveUnits() {}

    /**
     * Per stochastic layer, per unit: the variance over the set of its posterior mean.
     *
     * @param model the trained model
     * @param set the images to take the variance over
     * @param manager owns the temporary arrays
     * @param rng seeds torch for the deeper layers' draws
     * @return one array per stochastic layer, one variance per unit
     */
    public static List<double[]> variances(Autoencoder model, BinarizedSet set, NDManager manager, SeededRandom rng) {
        List<Integer> sizes = model.architecture().latent();
        List<double[]> sum = new ArrayList<>();
        List<double[]> sumSq = new ArrayList<>();
        for (int size : sizes) {
            sum.add(new double[size]);
            sumSq.add(new double[size]);
        }
        for (int from = 0; from < set.count(); from += BATCH) {
            int to = Math.min(set.count(), from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = set.rows(scope, from, to);
                Torch.seed(rng.nextTorchSeed());
                List<NDArray> means = model.posteriorMeans(x, SAMPLES, scope);
                for (int l = 0; l < sizes.size(); l++) {
                    float[] values = means.get(l).toFloatArray();
                    int units = sizes.get(l);
                    for (int i = 0; i < values.length; i++) {
                        sum.get(l)[i % units] += values[i];
                        sumSq.get(l)[i % units] += (double) values[i] * values[i];
                    }
                }
            }
        }
        List<double[]> variances = new ArrayList<>();
        for (int l = 0; l < sizes.size(); l++) {
            double[] v = new double[sizes.get(l)];
            for (int u = 0; u < v.length; u++) {
                double mean = sum.get(l)[u] / set.count();
                v[u] = Math.max(0, sumSq.get(l)[u] / set.count() - mean * mean);
            }
            variances.add(v);
        }
        return variances;
    }

    /**
     * The active units of one layer.
     *
     * @param variances a layer's variances, as from {@link #variances}
     * @return how many exceed {@link #THRESHOLD}
     */
    public static int count(double[] variances) {
        return (int) Arrays.stream(variances).filter(v -> v > THRESHOLD).count();
    }
}
