package org.iwae4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.iwae4j.common.Torch;
import org.junit.jupiter.api.Test;

/** A few Adam steps against Kingma & Ba's Algorithm 1 computed independently in double precision. */
class AdamAlgorithmTest {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-4;

    @Test
    void stepsFollowAlgorithmOne() {
        float[] start = {0.5f, -1.25f, 2f, 0f};
        // Gradients per step: large, tiny (where eps matters), sign changes, and zero.
        float[][] gradients = {
            {0.3f, -2f, 1e-5f, 0f},
            {-0.1f, 0.5f, 2e-5f, 0f},
            {0.7f, 1e-3f, -3e-5f, 0f},
            {0.05f, -0.2f, 1e-6f, 0f},
        };
        double[] lrs = {1e-3, 1e-3, 5e-4, 1e-2};
        double[] p = new double[start.length];
        double[] m = new double[start.length];
        double[] v = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            p[i] = start[i];
        }
        try (NDManager manager = Torch.newManager(ai.djl.Device.cpu())) {
            NDArray param = manager.create(start);
            param.setName("w");
            param.setRequiresGradient(true);
            Adam adam = Adam.paper(List.of(param), manager);
            for (int t = 1; t <= gradients.length; t++) {
                float[] g = gradients[t - 1];
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Torch.engine().newGradientCollector()) {
                    // d/dw sum(w * g) = g
                    collector.backward(param.mul(scope.create(g)).sum());
                }
                assertEquals(true, adam.update((float) lrs[t - 1], true));
                for (int i = 0; i < p.length; i++) {
                    m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                    v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(BETA1, t));
                    double vHat = v[i] / (1 - Math.pow(BETA2, t));
                    p[i] -= lrs[t - 1] * mHat / (Math.sqrt(vHat) + EPS);
                }
                float[] actual = param.toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i], actual[i], 1e-6 * Math.max(1, Math.abs(p[i])), "step " + t + ", element " + i);
                }
            }
            assertEquals(gradients.length, adam.step());
        }
    }
}
