package org.iwae4j.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Autograd gradients of each objective against central finite differences, with the sampling
 * noise held fixed (same torch seed for every evaluation), on 1- and 2-layer tiny models.
 */
class GradientCheckTest {

    @ParameterizedTest
    @CsvSource({"vae,1,1", "vae,3,1", "iwae,5,1", "iwae,4,2"})
    void objectiveGradientMatchesFiniteDifferences(String objectiveName, int k, int layers) {
        Objective objective = Objectives.byName(objectiveName);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(5);
            Parameters params = Parameters.initialized(manager);
            Architecture arch = layers == 1 ? TinyModels.oneLayer(9, 5, 2) : TinyModels.twoLayer(9);
            Autoencoder model = new Autoencoder(arch, params, new float[9]);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 6, 3, 1), 2);
            NDArray x = manager.create(data.pixels(), new Shape(data.count(), data.dim()));

            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                collector.backward(bound(model, objective, x, k, manager));
            }
            int checked = 0;
            for (Map.Entry<String, NDArray> e : params.byName().entrySet()) {
                NDArray p = e.getValue();
                float[] analytic = p.getGradient().toFloatArray();
                float[] values = p.toFloatArray();
                // a few coordinates per array keep the test fast
                for (int idx = 0; idx < values.length; idx += Math.max(1, values.length / 4)) {
                    double h = 1e-2;
                    double plus = evaluateWith(p, values, idx, values[idx] + h, model, objective, x, k, manager);
                    double minus = evaluateWith(p, values, idx, values[idx] - h, model, objective, x, k, manager);
                    p.set(values.clone());
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, analytic[idx], 2e-2 * Math.max(1, Math.abs(numeric)),
                            e.getKey() + "[" + idx + "]");
                    checked++;
                }
            }
            assertTrue(checked > 20, "checked " + checked + " coordinates");
        }
    }

    private static NDArray bound(Autoencoder model, Objective objective, NDArray x, int k, NDManager manager) {
        Torch.seed(42);
        return objective.bound(model.logWeights(x, k, manager).total()).sum();
    }

    private static double evaluateWith(NDArray p, float[] values, int idx, double value, Autoencoder model,
            Objective objective, NDArray x, int k, NDManager manager) {
        float[] changed = values.clone();
        changed[idx] = (float) value;
        p.set(changed);
        try (NDManager scope = manager.newSubManager()) {
            return bound(model, objective, x, k, scope).getFloat();
        }
    }
}
