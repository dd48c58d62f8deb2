package org.iwae4j.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.CpuManager;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BoundsTest {
    @RegisterExtension
    static final CpuManager cpu = new CpuManager();

    @Test
    void logSumExpIsStableAndExact() {
        NDArray a = cpu.get().create(new float[] {-1000f, 1000f, -1000f, 1000f}, new Shape(2, 2));
        float[] lse = LogMath.logSumExp(a, 0).toFloatArray();
        assertEquals(-1000 + Math.log(2), lse[0], 1e-3);
        assertEquals(1000 + Math.log(2), lse[1], 1e-3);
        float[] lme = LogMath.logMeanExp(cpu.get().create(new float[] {0f, (float) Math.log(3)}, new Shape(2, 1)), 0)
                .toFloatArray();
        assertEquals(Math.log(2), lme[0], 1e-6);
    }

    @Test
    void iwaeBoundIsAtLeastTheVaeBoundOnTheSameSamples() {
        Torch.seed(7);
        NDArray logW = cpu.get().randomNormal(0f, 3f, new Shape(50, 40), ai.djl.ndarray.types.DataType.FLOAT32);
        float[] iwae = new IwaeBound().bound(logW).toFloatArray();
        float[] vae = new VaeBound().bound(logW).toFloatArray();
        for (int i = 0; i < iwae.length; i++) {
            assertTrue(iwae[i] >= vae[i] - 1e-5, "IWAE " + iwae[i] + " < VAE " + vae[i] + " at " + i);
            assertTrue(iwae[i] > vae[i] + 0.5, "with sd-3 weights the gap must be large");
        }
    }

    @Test
    void iwaeBoundGrowsWithKOnAverageForARealModel() {
        try (NDManager scope = cpu.get().newSubManager()) {
            Torch.seed(11);
            Parameters params = Parameters.initialized(scope);
            Autoencoder model = new Autoencoder(TinyModels.oneLayer(16, 8, 3), params, new float[16]);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 64, 4, 3), 5);
            NDArray x = scope.create(data.pixels(), new Shape(data.count(), data.dim()));
            Objective iwae = new IwaeBound();
            double previous = Double.NEGATIVE_INFINITY;
            for (int k : new int[] {1, 5, 50, 500}) {
                double mean = 0;
                int repeats = 20;
                for (int r = 0; r < repeats; r++) {
                    Torch.seed(100 + r);
                    mean += iwae.bound(model.logWeights(x, k, scope).total()).mean().getFloat() / repeats;
                }
                assertTrue(mean > previous, "bound at k=" + k + " (" + mean + ") not above " + previous);
                previous = mean;
            }
        }
    }

    @Test
    void objectivesAreFoundByNameAndUnknownNamesAreRejected() {
        assertEquals("iwae", Objectives.byName("iwae").name());
        assertEquals("vae", Objectives.byName("vae").name());
        var error = org.junit.jupiter.api.Assertions.assertThrows(org.iwae4j.common.UserError.class,
                () -> Objectives.byName("wake-sleep"));
        assertTrue(error.getMessage().contains("unknown model 'wake-sleep'"));
    }
}
