package org.iwae4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
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

    /** The same on a whole model's parameters in their flat buffer (the fused kernel, where the engine has it). */
    @Test
    void flatParametersFollowAlgorithmOne() {
        try (NDManager manager = Torch.newManager(ai.djl.Device.cpu())) {
            Parameters parameters = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(TinyModels.oneLayer(16, 8, 3), parameters, new float[16]);
            List<NDArray> arrays = List.copyOf(model.parameters().all());
            Adam adam = Adam.paper(arrays, manager);
            assertTrue(model.parameters().flat() != null, "the model's parameters are flat");
            double[][] p = new double[arrays.size()][];
            double[][] m = new double[arrays.size()][];
            double[][] v = new double[arrays.size()][];
            for (int a = 0; a < arrays.size(); a++) {
                float[] start = arrays.get(a).toFloatArray();
                p[a] = new double[start.length];
                for (int i = 0; i < start.length; i++) {
                    p[a][i] = start[i];
                }
                m[a] = new double[start.length];
                v[a] = new double[start.length];
            }
            for (int t = 1; t <= 3; t++) {
                float[][] g = new float[arrays.size()][];
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Torch.engine().newGradientCollector()) {
                    NDArray loss = null;
                    for (int a = 0; a < arrays.size(); a++) {
                        g[a] = new float[(int) arrays.get(a).size()];
                        for (int i = 0; i < g[a].length; i++) {
                            g[a][i] = (float) (Math.sin(7.0 * a + 3.0 * i + t) * Math.pow(10, -(i % 4)));
                        }
                        NDArray term = arrays.get(a).mul(scope.create(g[a], arrays.get(a).getShape())).sum();
                        loss = loss == null ? term : loss.add(term);
                    }
                    collector.backward(loss);
                }
                assertTrue(adam.update(1e-3f, true));
                for (int a = 0; a < arrays.size(); a++) {
                    float[] actual = arrays.get(a).toFloatArray();
                    for (int i = 0; i < actual.length; i++) {
                        m[a][i] = BETA1 * m[a][i] + (1 - BETA1) * g[a][i];
                        v[a][i] = BETA2 * v[a][i] + (1 - BETA2) * g[a][i] * g[a][i];
                        double mHat = m[a][i] / (1 - Math.pow(BETA1, t));
                        double vHat = v[a][i] / (1 - Math.pow(BETA2, t));
                        p[a][i] -= 1e-3 * mHat / (Math.sqrt(vHat) + EPS);
                        assertEquals(p[a][i], actual[i], 1e-6 * Math.max(1, Math.abs(p[a][i])),
                                "step " + t + ", " + arrays.get(a).getName() + "[" + i + "]");
                    }
                }
            }
        }
    }
}
