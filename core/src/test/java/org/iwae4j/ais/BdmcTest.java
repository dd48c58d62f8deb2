package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** Forward and reverse AIS bracket log p(x) of simulated data, and close in as the path gets longer. */
class BdmcTest {
    @Test
    void boundsBracketAndTheGapShrinksFrom100To1000Steps() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Autoencoder model = AisExactnessTest.randomModel(TinyModels.oneLayer(16, 8, 3), manager, 5);
            AisSettings settings = AisSettings.of(100, "sigmoid", AisInit.PRIOR, 4, 1);
            List<Bdmc.Bounds> bounds = Bdmc.run(model, 20, settings, new int[] {100, 1000}, 1, manager, done -> {});
            Bdmc.Bounds short100 = bounds.get(0);
            Bdmc.Bounds long1000 = bounds.get(1);
            assertEquals(100, short100.steps());
            // One leapfrog step per transition: 100 distributions then leave a clear gap (0.21-0.27 nats
            // here, with and without the AMD MKL kernels; 0.08 with 3 leapfrog steps), 1,000 close it.
            // Both bounds are stochastic (the reverse chains of an example share its one exact draw):
            // the bracket holds up to their noise, about 0.05 nats on the mean of 20 examples here.
            for (Bdmc.Bounds b : bounds) {
                assertTrue(b.gap() > -0.1, "upper " + b.meanUpper() + " >= lower " + b.meanLower() + " at " + b.steps());
            }
            assertTrue(short100.gap() > 0.1, "the short path leaves a visible gap: " + short100.gap());
            assertTrue(Math.abs(long1000.gap()) < 0.5 * short100.gap(),
                    "gap " + short100.gap() + " at 100 steps, " + long1000.gap() + " at 1000");
        }
    }
}
