package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    // 3 images of 1x2
    private final float[] pixels = {0f, 1f, 0.5f, 0.25f, 1f, 0f};
    private final ImageSet set = new ImageSet("s", pixels, 3, 1, 2, new int[] {4, 5, 6});

    @Test
    void accessors() {
        assertEquals("s", set.name());
        assertEquals(3, set.size());
        assertEquals(2, set.dimension());
        assertSame(pixels, set.pixels());
        assertArrayEquals(new float[] {0.5f, 0.25f}, set.image(1));
        assertEquals(6, set.label(2));
        assertThrows(IndexOutOfBoundsException.class, () -> set.image(3));
    }

    @Test
    void imageIsACopy() {
        set.image(0)[0] = 9f;
        assertEquals(0f, pixels[0]);
    }

    @Test
    void subsetCopiesImagesAndLabels() {
        ImageSet sub = set.subset(1, 3);
        assertEquals("s", sub.name());
        assertEquals(2, sub.size());
        assertArrayEquals(new float[] {0.5f, 0.25f, 1f, 0f}, sub.pixels());
        assertArrayEquals(new int[] {5, 6}, sub.labels());
        assertEquals("v", set.subset("v", 2, 3).name());
        assertEquals(0, set.subset(3, 3).size());
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(2, 4));
        ImageSet unlabelled = new ImageSet("u", pixels, 3, 1, 2, null);
        assertNull(unlabelled.subset(0, 1).labels());
    }

    @Test
    void pixelMeans() {
        assertArrayEquals(new double[] {0.5, 1.25 / 3}, set.pixelMeans(), 1e-7);
    }

    @Test
    void rejectsInconsistentArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", new float[5], 3, 1, 2, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", new float[6], 3, 1, 2, new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", new float[0], 0, 0, 2, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet("x", new float[0], -1, 1, 2, null));
    }
}
