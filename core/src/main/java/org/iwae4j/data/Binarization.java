package org.iwae4j.data;

import org.iwae4j.common.SeededRandom;

/**
 * Binarizing grey-level images by drawing each pixel as Bernoulli(intensity). Training draws
 * afresh each time an example is used (dynamic binarization); evaluation draws once from a fixed
 * seed, so that every run is scored on the same binary images.
 */
public final class Binarization {
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private Binarization() {}

    /**
     * Writes binarized copies of images {@code rows[from..to)} of {@code pixels} into {@code out}
     * (row after row). Each 64-bit draw gives two 24-bit uniforms: half the generator calls.
     */
    public static void sample(float[] pixels, int dim, int[] rows, int from, int to, SeededRandom rng, float[] out) {
        int o = 0;
        long bits = 0;
        boolean haveHalf = false;
        for (int r = from; r < to; r++) {
            int base = rows[r] * dim;
            for (int j = 0; j < dim; j++) {
                float u;
                if (haveHalf) {
                    u = (int) (bits & 0xFFFFFF) * TWO_POW_MINUS_24;
                    haveHalf = false;
                } else {
                    bits = rng.nextLong();
                    u = (int) (bits >>> 40) * TWO_POW_MINUS_24;
                    haveHalf = true;
                }
                out[o++] = u < pixels[base + j] ? 1f : 0f;
            }
        }
    }

    /**
     * A training minibatch of rows {@code rows[from..to)}: drawn afresh from the intensities, or copied
     * when the data is binary already (then {@code rng} is not used).
     */
    public static void minibatch(float[] pixels, int dim, int[] rows, int from, int to, boolean alreadyBinary,
            SeededRandom rng, float[] out) {
        if (!alreadyBinary) {
            sample(pixels, dim, rows, from, to, rng, out);
            return;
        }
        for (int r = from, o = 0; r < to; r++, o += dim) {
            System.arraycopy(pixels, rows[r] * dim, out, o, dim);
        }
    }

    /** A set that is binary already, as it is (the pixels are shared, not copied). */
    public static BinarizedSet asIs(ImageSet set) {
        return new BinarizedSet(set.name(), set.pixels(), set.size(), set.dimension(), set.labels());
    }

    /** One fixed binarization of a whole set. */
    public static BinarizedSet fixed(ImageSet set, long seed) {
        int n = set.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        float[] out = new float[n * set.dimension()];
        sample(set.pixels(), set.dimension(), all, 0, n, new SeededRandom(seed), out);
        return new BinarizedSet(set.name(), out, n, set.dimension(), set.labels());
    }
}
