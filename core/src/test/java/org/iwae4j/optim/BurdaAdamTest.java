package org.iwae4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The paper's code's Adam (yburda/iwae optimizers.py) against an independent double-precision
 * computation of it, and the rounded stage rates of its experiments.py.
 */
class BurdaAdamTest {
    @Test
    void stepsFollowTheOriginalCode() {
        float[] start = {0.5f, -1.25f, 2f, 0f};
        float[][] gradients = {
            {0.3f, -2f, 1e-5f, 0f},
            {-0.1f, 0.5f, 2e-5f, 0f},
            {0.7f, 1e-3f, -3e-5f, 0f},
            {0.05f, -0.2f, 1e-6f, 0f},
            {-0.4f, 0.3f, 0.2f, 1f},
        };
        double[] lrs = {1e-3, 1e-3, 7.2e-4, 1e-2, 1e-4};
        double b1 = 0.99f;
        double b2 = 0.999f;
        double eps = 1e-4f;
        double[] p = new double[start.length];
        double[] m = new double[start.length];
        double[] v = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            p[i] = start[i];
            v[i] = 1; // the original code starts the second moment at ones
        }
        try (NDManager manager = Torch.newManager(ai.djl.Device.cpu())) {
            NDArray param = manager.create(start);
            param.setName("w");
            param.setRequiresGradient(true);
            Adam adam = new Adam(List.of(param), manager, Optimizer.BURDA.variant());
            for (int t = 1; t <= gradients.length; t++) {
                float[] g = gradients[t - 1];
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Torch.engine().newGradientCollector()) {
                    collector.backward(param.mul(scope.create(g)).sum());
                }
                assertEquals(true, adam.update((float) lrs[t - 1], true));
                // optimizers.py, whose Theano updates all read the values from before the step:
                // p -= lr_t * m_(t-1) / (sqrt(v_(t-1)) + eps) with lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t),
                // then m_t = b1 m_(t-1) + (1 - b1) g, v_t = b2 v_(t-1) + (1 - b2) g^2
                double lrT = lrs[t - 1] * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                for (int i = 0; i < p.length; i++) {
                    p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                }
                if (t == 1) {
                    assertArrayEquals(start, param.toFloatArray(), "the first step moves nothing (m starts at 0)");
                }
                float[] actual = param.toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i], actual[i], 1e-6 * Math.max(1, Math.abs(p[i])), "step " + t + ", element " + i);
                }
            }
            // the moments are checkpointed like Adam's
            assertEquals(gradients.length, adam.step());
            float[] savedV = adam.state().get(1).toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], savedV[i], 1e-6 * Math.max(1, v[i]));
            }
        }
    }

    @Test
    void paperScheduleRatesAreRoundedForTheOriginalOptimizer() {
        double[] expected = {1e-3, 7.2e-4, 5.2e-4, 3.7e-4, 2.7e-4, 1.9e-4, 1.4e-4, 1e-4};
        LearningRateSchedule burda = TrainConfig.paper().optimizer(Optimizer.BURDA).learningRates();
        LearningRateSchedule adam = TrainConfig.paper().learningRates();
        for (int stage = 0, first = 1, len = 1; stage < 8; stage++, first += len, len *= 3) {
            assertEquals(expected[stage], burda.rate(first), 1e-12, "stage " + stage);
            assertEquals(expected[stage], burda.rate(first + len - 1), 1e-12, "stage " + stage);
            assertEquals(1e-3 * Math.pow(10, -stage / 7.0), adam.rate(first), 1e-15);
        }
        assertEquals(Optimizer.BURDA, Optimizer.of("burda"));
        assertEquals("burda", Optimizer.BURDA.id());
    }
}
