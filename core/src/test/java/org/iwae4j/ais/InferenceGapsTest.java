package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void deeperModelsAreRefused() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Autoencoder model = AisExactnessTest.randomModel(TinyModels.twoLayer(16), manager, 4, 1f);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 2, 4, 11), 5);
            assertThrows(UserError.class, () -> InferenceGaps.run(model, data, 0, 2, AisSettings.defaults(10),
                    InferenceGaps.Settings.defaults(5), 1, manager, d -> {}));
        }
    }
}
