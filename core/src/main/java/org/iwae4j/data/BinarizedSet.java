package org.iwae4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Binary images, row-major [count, dim], with optional labels. */
public record BinarizedSet(String name, float[] pixels, int count, int dim, int[] labels) {
    public BinarizedSet {
        if (pixels.length != (long) count * dim) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " != " + count + " x " + dim);
        }
    }

    /** Images {@code from..to} as a [to - from, dim] array owned by {@code manager}. */
    public NDArray rows(NDManager manager, int from, int to) {
        return manager.create(java.util.Arrays.copyOfRange(pixels, from * dim, to * dim), new Shape(to - from, dim));
    }

    /** The first {@code n} images (all if n exceeds the count). */
    public BinarizedSet first(int n) {
        int m = Math.min(n, count);
        return new BinarizedSet(name, java.util.Arrays.copyOf(pixels, m * dim), m, dim,
                labels == null ? null : java.util.Arrays.copyOf(labels, m));
    }
}
