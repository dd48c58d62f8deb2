package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

class InactiveUnitsTest {
    @Test
    void keepingEveryUnitChangesNothingAndDroppingUnitsShrinksEveryArrayThatTouchesThem() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(5);
            Autoencoder model = new Autoencoder(TinyModels.twoLayer(16), Parameters.initialized(manager), new float[16]);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 6, 4, 2), 1);
            NDArray x = data.rows(manager, 0, 6);

            Autoencoder same = InactiveUnits.prune(model, List.of(new int[] {0, 1, 2, 3}, new int[] {0, 1}), manager);
            Torch.seed(9);
            float[] before = model.logWeights(x, 3, manager).total().toFloatArray();
            Torch.seed(9);
            float[] after = same.logWeights(x, 3, manager).total().toFloatArray();
            assertArrayEquals(before, after);

            Autoencoder pruned = InactiveUnits.prune(model, List.of(new int[] {1, 3}, new int[] {1}), manager);
            assertEquals(List.of(2, 1), pruned.architecture().latent());
            Map<String, NDArray> p = pruned.parameters().byName();
            Map<String, NDArray> o = model.parameters().byName();
            assertEquals(new Shape(4, 6), p.get("q1.out.weight").getShape());
            assertEquals(new Shape(5, 2), p.get("q2.hidden0.weight").getShape());
            assertEquals(new Shape(2, 5), p.get("q2.out.weight").getShape());
            assertEquals(new Shape(5, 1), p.get("p1.hidden0.weight").getShape());
            assertEquals(new Shape(4, 5), p.get("p1.out.weight").getShape());
            assertEquals(new Shape(6, 2), p.get("px.hidden0.weight").getShape());
            // q1's mean rows 1 and 3, then its log sigma rows 4 + 1 and 4 + 3
            float[] q1 = o.get("q1.out.bias").toFloatArray();
            assertArrayEquals(new float[] {q1[1], q1[3], q1[5], q1[7]}, p.get("q1.out.bias").toFloatArray());
            float[] px = o.get("px.hidden0.weight").toFloatArray(); // [6, 4]
            float[] pxPruned = p.get("px.hidden0.weight").toFloatArray(); // [6, 2]
            for (int r = 0; r < 6; r++) {
                assertEquals(px[r * 4 + 1], pxPruned[r * 2]);
                assertEquals(px[r * 4 + 3], pxPruned[r * 2 + 1]);
            }
            assertEquals(3 * 6, pruned.logWeights(x, 3, manager).total().size());
        }
    }

    @Test
    void aLayerWithoutActiveUnitsKeepsItsMostActiveOne() {
        List<int[]> kept = InactiveUnits.kept(List.of(new double[] {0.5, 0.001, 0.02}, new double[] {0.001, 0.005}));
        assertArrayEquals(new int[] {0, 2}, kept.get(0));
        assertArrayEquals(new int[] {1}, kept.get(1));
    }
}
