package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

class ActiveUnitsTest {
    /**
     * Units whose mean weights are zeroed have a constant posterior mean (variance 0, inactive);
     * a unit with large weights varies with x (active). Deeper layers inherit the same logic.
     */
    @Test
    void unitsWithConstantPosteriorMeansAreInactive() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(3);
            Parameters params = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(TinyModels.twoLayer(16), params, new float[16]);
            // q1.out stacks [mean (4 rows); log sigma (4 rows)] x 6; keep mean row 0 (scaled up), zero rows 1-3
            scaleRows(params.byName().get("q1.out.weight"), 6, new float[] {20, 0, 0, 0, 1, 1, 1, 1});
            scaleRows(params.byName().get("q1.out.bias"), 1, new float[] {1, 0, 0, 0, 1, 1, 1, 1});
            // q2 (2 mean units from 5 hidden): unit 0 kept and scaled, unit 1 zeroed
            scaleRows(params.byName().get("q2.out.weight"), 5, new float[] {20, 0, 1, 1});
            scaleRows(params.byName().get("q2.out.bias"), 1, new float[] {1, 0, 1, 1});
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 200, 4, 5), 1);
            List<double[]> variances = ActiveUnits.variances(model, data, manager, new SeededRandom(1));
            assertEquals(2, variances.size());
            assertEquals(1, ActiveUnits.count(variances.get(0)), java.util.Arrays.toString(variances.get(0)));
            assertTrue(variances.get(0)[0] > 0.01);
            assertEquals(0.0, variances.get(0)[1], 1e-12);
            assertEquals(1, ActiveUnits.count(variances.get(1)), java.util.Arrays.toString(variances.get(1)));
            assertTrue(variances.get(1)[1] < 1e-9, "a zeroed unit of layer 2 is constant: " + variances.get(1)[1]);
        }
    }

    private static void scaleRows(NDArray array, int rowLength, float[] factors) {
        float[] values = array.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= factors[i / rowLength];
        }
        array.set(values);
    }
}
