package org.iwae4j.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;

/**
 * Sampling importance resampling (SIR): draw k codes from q(h|x), weight them by
 * w = p(x, h) / q(h | x), keep one with probability proportional to w. The kept code is a draw from
 * q_IW(h | x) of Cremer, Morris &amp; Duvenaud (2017), the distribution the IWAE bound is the ELBO of;
 * k = 1 gives q itself, large k approaches the true posterior.
 */
public final class ImportanceResampling {
    private ImportanceResampling() {}

    /**
     * {@code m} independent q_IW draws of h_1 for each of the B inputs, each from its own k
     * candidates.
     *
     * @return codes as [m][B][latent_1]
     */
    public static float[][][] draw(Autoencoder model, NDArray x, int k, int m, NDManager manager, SeededRandom rng) {
        int batch = (int) x.getShape().get(0);
        int latent = model.architecture().latent().get(0);
        float[][][] result = new float[m][batch][];
        for (int s = 0; s < m; s++) {
            try (NDManager scope = manager.newSubManager()) {
                Torch.seed(rng.nextTorchSeed());
                Autoencoder.Draws draws = model.draw(x, k, scope);
                float[] logW = draws.logWeights().total().toFloatArray(); // [k, B]
                float[] h = draws.h1().toFloatArray(); // [k, B, latent]
                for (int b = 0; b < batch; b++) {
                    int chosen = categorical(logW, k, batch, b, rng);
                    int base = (chosen * batch + b) * latent;
                    result[s][b] = java.util.Arrays.copyOfRange(h, base, base + latent);
                }
            }
        }
        return result;
    }

    /** An index i < k drawn with probability softmax(logW[., b])_i, in double precision. */
    static int categorical(float[] logW, int k, int batch, int b, SeededRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logW[i * batch + b]);
        }
        double[] cumulative = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            total += Math.exp(logW[i * batch + b] - max);
            cumulative[i] = total;
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < k; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return k - 1;
    }
}
