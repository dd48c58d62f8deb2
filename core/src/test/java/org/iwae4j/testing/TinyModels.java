package org.iwae4j.testing;

import java.util.List;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.data.ImageSet;
import org.iwae4j.model.Architecture;

/** Small models and synthetic data for tests that must run in seconds. */
public final class TinyModels {
    private TinyModels() {}

    public static Architecture oneLayer(int inputDim, int hidden, int latent) {
        return new Architecture(inputDim, List.of(latent), List.of(hidden), 2);
    }

    public static Architecture twoLayer(int inputDim) {
        return new Architecture(inputDim, List.of(4, 2), List.of(6, 5), 2);
    }

    /** Grey-level images with structure (two prototypes plus noise), intensities in [0, 1]. */
    public static ImageSet images(String name, int count, int side, long seed) {
        SeededRandom rng = new SeededRandom(seed);
        int dim = side * side;
        float[] pixels = new float[count * dim];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(2);
            for (int j = 0; j < dim; j++) {
                boolean on = labels[i] == 0 ? (j % side) < side / 2 : (j / side) < side / 2;
                double p = on ? 0.85 : 0.1;
                pixels[i * dim + j] = (float) Math.min(1, Math.max(0, p + 0.1 * (rng.nextDouble() - 0.5)));
            }
        }
        return new ImageSet(name, pixels, count, side, side, labels);
    }
}
