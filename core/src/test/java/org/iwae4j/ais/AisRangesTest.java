package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * Each example's AIS estimate depends only on the seed and its aligned block: ranges that start at
 * multiples of the alignment (shards) give bit for bit the estimates of one run over the whole set,
 * and the same seed gives the same numbers.
 */
class AisRangesTest {
    @Test
    void alignedRangesReproduceTheWholeSetBitForBit() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Autoencoder model = AisExactnessTest.randomModel(TinyModels.twoLayer(16), manager, 3, 1f);
            BinarizedSet set = Binarization.fixed(TinyModels.images("toy", 10, 4, 11), 5);
            AnnealedImportanceSampling ais = new AnnealedImportanceSampling(
                    AisSettings.of(15, "linear", AisInit.Q, 3, 2).withExamplesPerPass(4));
            assertEquals(4, ais.alignment());
            double[] whole = ais.estimate(model, set, 0, 10, 7, manager, d -> {});
            double[] again = ais.estimate(model, set, 0, 10, 7, manager, d -> {});
            assertArrayEquals(whole, again, 0.0, "same seed, same numbers");
            double[] shards = new double[10];
            System.arraycopy(ais.estimate(model, set, 8, 10, 7, manager, d -> {}), 0, shards, 8, 2);
            System.arraycopy(ais.estimate(model, set, 0, 4, 7, manager, d -> {}), 0, shards, 0, 4);
            System.arraycopy(ais.estimate(model, set, 4, 8, 7, manager, d -> {}), 0, shards, 4, 4);
            assertArrayEquals(whole, shards, 0.0, "shards in any order give the whole run's numbers");
            double[] otherSeed = ais.estimate(model, set, 0, 10, 8, manager, d -> {});
            assertFalse(Arrays.equals(whole, otherSeed), "another seed, other draws");
        }
    }
}
