package org.iwae4j.ais;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.iwae4j.model.Autoencoder;

/**
 * A reference log p(x) for a model with a 2-D latent space, by quadrature refined where the mass
 * is: the midpoint rule on a coarse grid over the prior's bulk and q's, then each coarse cell where
 * log p(x, z) comes within {@link #HOT_NATS} of the grid's maximum split into m x m cells. A narrow
 * posterior then spans many fine cells wherever its modes are (the 160^2 grid of
 * {@code plot posterior}, fitted to one box, can be off by more than half a nat on MNIST); the
 * cells left coarse hold a negligible share. Compare two m to bound the reference's own error.
 */
final class AdaptiveQuadrature {
    static final int COARSE = 112;
    static final double BOX = 7;
    static final double HOT_NATS = 22;
    private static final int CHUNK = 8192;

    private final Autoencoder model;
    private final NDArray x;
    private final double[] box;
    private final double[][] coarse;
    private final double coarseMax;
    /** q's box, mean +- Q_SIGMAS sigma per axis: {min1, max1, min2, max2}. */
    private final double[] qBox;
    static final double Q_SIGMAS = 6;

    /**
     * @param model a model with one stochastic layer of 2 units
     * @param x one image [1, D]
     */
    AdaptiveQuadrature(Autoencoder model, NDArray x) {
        this.model = model;
        this.x = x;
        Autoencoder.Posterior q = model.firstPosterior(x);
        float[] mean = q.mean().toFloatArray();
        float[] sigma = q.logSigma().exp().toFloatArray();
        double half = BOX;
        for (int d = 0; d < 2; d++) {
            half = Math.max(half, Math.abs(mean[d]) + 6 * sigma[d]);
        }
        box = new double[] {-half, half};
        qBox = new double[] {mean[0] - Q_SIGMAS * sigma[0], mean[0] + Q_SIGMAS * sigma[0],
            mean[1] - Q_SIGMAS * sigma[1], mean[1] + Q_SIGMAS * sigma[1]};
        double step = 2 * half / COARSE;
        float[] centres = new float[COARSE * COARSE * 2];
        for (int i = 0; i < COARSE; i++) {
            for (int j = 0; j < COARSE; j++) {
                centres[2 * (i * COARSE + j)] = (float) (-half + (i + 0.5) * step);
                centres[2 * (i * COARSE + j) + 1] = (float) (-half + (j + 0.5) * step);
            }
        }
        float[] values = logJoint(centres);
        coarse = new double[COARSE][COARSE];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < COARSE; i++) {
            for (int j = 0; j < COARSE; j++) {
                coarse[i][j] = values[i * COARSE + j];
                max = Math.max(max, coarse[i][j]);
            }
        }
        coarseMax = max;
    }

    /**
     * @param m fine cells per axis of each coarse cell near the mass; q's box gets 6 m cells per
     *     axis per 6 sigma (half a sigma at m = 2), whatever its size
     * @return log p(x) by the refined midpoint rule
     */
    double logPx(int m) {
        double step = (box[1] - box[0]) / COARSE;
        double fine = step / m;
        double sum = 0; // of exp(log p(x, z) - coarseMax) times the cell area
        FloatList points = new FloatList();
        for (int i = 0; i < COARSE; i++) {
            for (int j = 0; j < COARSE; j++) {
                double z1 = box[0] + (i + 0.5) * step;
                double z2 = box[0] + (j + 0.5) * step;
                if (coarse[i][j] < coarseMax - HOT_NATS) {
                    if (!inQ(z1, z2)) {
                        sum += Math.exp(coarse[i][j] - coarseMax) * step * step;
                    }
                    continue;
                }
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b < m; b++) {
                        double f1 = box[0] + i * step + (a + 0.5) * fine;
                        double f2 = box[0] + j * step + (b + 0.5) * fine;
                        if (!inQ(f1, f2)) {
                            points.add(f1, f2);
                        }
                    }
                }
            }
        }
        for (float v : logJoint(points.toArray())) {
            sum += Math.exp(v - coarseMax) * fine * fine;
        }
        int n = 6 * m;
        double q1 = (qBox[1] - qBox[0]) / n;
        double q2 = (qBox[3] - qBox[2]) / n;
        FloatList inside = new FloatList();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                inside.add(qBox[0] + (a + 0.5) * q1, qBox[2] + (b + 0.5) * q2);
            }
        }
        for (float v : logJoint(inside.toArray())) {
            sum += Math.exp(v - coarseMax) * q1 * q2;
        }
        return coarseMax + Math.log(sum);
    }

    private boolean inQ(double z1, double z2) {
        return z1 >= qBox[0] && z1 < qBox[1] && z2 >= qBox[2] && z2 < qBox[3];
    }

    /** A growing list of (z1, z2) points. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(double z1, double z2) {
            if (size + 2 > values.length) {
                values = java.util.Arrays.copyOf(values, 2 * values.length);
            }
            values[size++] = (float) z1;
            values[size++] = (float) z2;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** log p(x, z) at the points (z1, z2 interleaved), in chunks that bound memory. */
    private float[] logJoint(float[] points) {
        int n = points.length / 2;
        float[] result = new float[n];
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            try (NDManager scope = x.getManager().newSubManager()) {
                NDArray z = scope.create(java.util.Arrays.copyOfRange(points, 2 * start, 2 * (start + count)),
                        new Shape(count, 1, 2));
                System.arraycopy(model.logJoint(x, z).toFloatArray(), 0, result, start, count);
            }
        }
        return result;
    }
}
