package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.LogMath;

/**
 * Measures the {@link PosteriorCollapse} diagnostics of a model on a set (internal: the front door
 * reaches it through {@code TrainedModel.collapse}).
 */
public final class CollapseMeasure {
    /** Draws of the layers below that average a deeper layer's KL. */
    static final int SAMPLES = ActiveUnits.SAMPLES;
    private static final int BATCH = 100;
    /** Draws scored against the whole mixture at once, bounding the pairwise matrix's memory. */
    private static final int MIXTURE_ROWS = 256;

    private CollapseMeasure() {}

    /**
     * Measures a model on a set.
     *
     * @param model the trained model
     * @param set the images
     * @param manager owns the temporary arrays
     * @param rng seeds torch for the draws
     * @return the diagnostics
     */
    public static PosteriorCollapse measure(Autoencoder model, BinarizedSet set, NDManager manager, SeededRandom rng) {
        List<Integer> sizes = model.architecture().latent();
        int d = sizes.get(0);
        int n = set.count();
        List<double[]> sums = new ArrayList<>();
        sizes.forEach(size -> sums.add(new double[size]));
        double[] means = new double[n * d];
        double[] logSigmas = new double[n * d];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = set.rows(scope, from, to);
                Torch.seed(rng.nextTorchSeed());
                List<NDArray> kl = model.klPerUnit(x, SAMPLES, scope);
                for (int l = 0; l < sizes.size(); l++) {
                    float[] values = kl.get(l).toFloatArray();
                    for (int i = 0; i < values.length; i++) {
                        sums.get(l)[i % sizes.get(l)] += values[i];
                    }
                }
                Autoencoder.Posterior q = model.firstPosterior(x);
                float[] mean = q.mean().toFloatArray();
                float[] logSigma = q.logSigma().toFloatArray();
                for (int i = 0; i < mean.length; i++) {
                    means[from * d + i] = mean[i];
                    logSigmas[from * d + i] = logSigma[i];
                }
            }
        }
        double total = 0;
        for (double[] layer : sums) {
            for (int u = 0; u < layer.length; u++) {
                layer[u] /= n;
                total += layer[u];
            }
        }
        return new PosteriorCollapse(sums, total, mutualInformation(means, logSigmas, n, d, manager, rng), n);
    }

    /**
     * I(x; h) of diagonal Gaussian posteriors q(h | x_i) = N(means_i, exp(logSigmas_i)^2) under
     * their mixture: (1/n) sum_i [log q(z_i | x_i) - log (1/n) sum_j q(z_i | x_j)] with one draw
     * z_i ~ q(h | x_i) each, in double precision.
     *
     * @param means n rows of d means, row after row
     * @param logSigmas n rows of d log standard deviations
     * @param n the inputs
     * @param d the units
     * @param manager owns the temporary arrays
     * @param rng seeds torch for the draws
     * @return the estimate, in nats
     */
    public static double mutualInformation(double[] means, double[] logSigmas, int n, int d, NDManager manager,
            SeededRandom rng) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray mean = scope.create(means, new Shape(n, d));
            NDArray logSigma = scope.create(logSigmas, new Shape(n, d));
            Torch.seed(rng.nextTorchSeed());
            NDArray eps = scope.randomNormal(0f, 1f, new Shape(n, d), DataType.FLOAT32).toType(DataType.FLOAT64, false);
            NDArray z = eps.mul(logSigma.exp()).add(mean);
            double halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
            // log q(z_i | x_i), from the noise itself
            NDArray own = eps.square().mul(-0.5).sub(logSigma).sum(new int[] {1}).sub(d * halfLogTwoPi);
            // log q(z_i | x_j) = -(z^2 . a_j)/2 + z . (mean a)_j - c_j, a = sigma^-2: three products with the mixture
            NDArray precision = logSigma.mul(-2).exp();
            NDArray precisionT = precision.transpose();
            NDArray weightedMeanT = mean.mul(precision).transpose();
            NDArray constant = mean.square().mul(precision).sum(new int[] {1}).mul(0.5)
                    .add(logSigma.sum(new int[] {1})).add(d * halfLogTwoPi).expandDims(0);
            double sum = 0;
            double[] ownValues = own.toDoubleArray();
            for (int from = 0; from < n; from += MIXTURE_ROWS) {
                int to = Math.min(n, from + MIXTURE_ROWS);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray zi = z.get(from + ":" + to);
                    zi.attach(chunk); // every product below then belongs to the chunk (left operand)
                    NDArray logQ = zi.square().matMul(precisionT).mul(-0.5).add(zi.matMul(weightedMeanT)).sub(constant);
                    double[] aggregate = LogMath.logSumExp(logQ, 1).toDoubleArray();
                    for (int i = 0; i < aggregate.length; i++) {
                        sum += ownValues[from + i] - (aggregate[i] - Math.log(n));
                    }
                }
            }
            return sum / n;
        }
    }
}
