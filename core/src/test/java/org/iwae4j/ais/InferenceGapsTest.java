package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** The local optimization never ends below the encoder's bound, and the gaps are non-negative. */
class InferenceGapsTest {
    @Test
    void optimizedBoundsBeatTheEncoderAndTheGapsAreNonNegative() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Autoencoder model = AisExactnessTest.randomModel(TinyModels.oneLayer(16, 8, 3), manager, 4, 1.5f);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 12, 4, 11), 5);
            AisSettings ais = AisSettings.of(200, "sigmoid", AisInit.PRIOR, 16, 5);
            InferenceGaps.Settings settings = new InferenceGaps.Settings(5, 10, 1e-2, 600, 50, 1000, 0.001);
            InferenceGaps.Result r = InferenceGaps.run(model, data, 0, data.count(), ais, settings, 1, manager, d -> {});
            for (int i = 0; i < data.count(); i++) {
                assertTrue(r.optimizedElbo()[i] >= r.encoderElbo()[i], "ELBO of example " + i);
                assertTrue(r.optimizedIwae()[i] >= r.encoderIwae()[i], "IWAE bound of example " + i);
                assertTrue(r.logPx()[i] - r.optimizedElbo()[i] > -0.05, "approximation gap (ELBO) of example " + i);
                assertTrue(r.logPx()[i] - r.optimizedIwae()[i] > -0.1, "approximation gap (IWAE) of example " + i);
                assertTrue(r.optimizedIwae()[i] > r.optimizedElbo()[i] - 0.05, "IWAE-5 >= ELBO, example " + i);
            }
            // The random encoder is far from each posterior: optimizing must gain visibly.
            assertTrue(r.amortizationGapElbo() > 0.1, "amortization gap " + r.amortizationGapElbo());
            assertTrue(r.approximationGapElbo() >= 0, "approximation gap " + r.approximationGapElbo());
            assertTrue(r.amortizationGapIwae() >= 0 && r.approximationGapIwae() >= 0);
            assertTrue(r.approximationGapIwae() < r.approximationGapElbo(), "IWAE's bound is tighter");
        }
    }

    /**
     * Two stochastic layers (issue 18; refused before): per example, q(h_1)'s own mean and log sigma
     * and offsets of the encoder's q(h_2 | h_1). The start is the encoder's q itself (its ELBO on
     * the fixed noise matches the encoder's ELBO from the model's own sampling), the optimization
     * never ends below it, it gains visibly over a random encoder, and the gaps are non-negative.
     */
    @Test
    void twoLayerModelsOptimizeBothLayersAndKeepTheGuarantees() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Autoencoder model = AisExactnessTest.randomModel(TinyModels.twoLayer(16), manager, 4, 1.5f);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 8, 4, 11), 5);
            AisSettings ais = AisSettings.of(300, "sigmoid", AisInit.PRIOR, 16, 5);
            InferenceGaps.Settings settings = new InferenceGaps.Settings(5, 10, 1e-2, 600, 50, 2000, 0.001);
            InferenceGaps.Result r = InferenceGaps.run(model, data, 0, data.count(), ais, settings, 1, manager, d -> {});
            // the encoder's ELBO from the model's own sampling, and its standard error with the fixed noise's 2,000
            double[] encoderElbo = new double[data.count()];
            double[] stderr = new double[data.count()];
            try (NDManager scope = manager.newSubManager()) {
                Torch.seed(3);
                ai.djl.ndarray.NDArray logW = model.logWeights(data.rows(scope, 0, data.count()), 20_000, scope).total();
                float[] mean = logW.mean(new int[] {0}).toFloatArray();
                float[] sd = logW.sub(logW.mean(new int[] {0})).square().mean(new int[] {0}).sqrt().toFloatArray();
                for (int i = 0; i < mean.length; i++) {
                    encoderElbo[i] = mean[i];
                    stderr[i] = sd[i] * Math.sqrt(1.0 / 2000 + 1.0 / 20_000);
                }
            }
            for (int i = 0; i < data.count(); i++) {
                assertTrue(Math.abs(r.encoderElbo()[i] - encoderElbo[i]) < 4 * stderr[i],
                        "the start is the encoder's q: ELBO " + r.encoderElbo()[i] + " vs " + encoderElbo[i] + " ± "
                        + stderr[i]);
                assertTrue(r.optimizedElbo()[i] >= r.encoderElbo()[i], "ELBO of example " + i);
                assertTrue(r.optimizedIwae()[i] >= r.encoderIwae()[i], "IWAE bound of example " + i);
                assertTrue(r.logPx()[i] - r.optimizedElbo()[i] > -0.05, "approximation gap (ELBO) of example " + i);
                assertTrue(r.logPx()[i] - r.optimizedIwae()[i] > -0.1, "approximation gap (IWAE) of example " + i);
            }
            assertTrue(r.amortizationGapElbo() > 0.1, "amortization gap " + r.amortizationGapElbo());
            assertTrue(r.approximationGapElbo() >= 0, "approximation gap " + r.approximationGapElbo());
            assertTrue(r.amortizationGapIwae() >= 0 && r.approximationGapIwae() >= 0);
        }
    }
}
