package org.iwae4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of grey-scale images with intensities in [0, 1], stored row-major in one flat array: image
 * {@code i} is {@code pixels[i*D .. (i+1)*D)} with {@code D = height*width}.
 *
 * <p>Immutable by contract: the arrays are shared, not copied (MNIST's training set alone is 188 MB
 * of floats), so neither the caller nor anyone reading {@link #pixels()} may modify them.
 */
public final class ImageSet {
    private final String name;
    private final float[] pixels;
    private final int count;
    private final int height;
    private final int width;
    private final int[] labels;

    public ImageSet(String name, float[] pixels, int count, int height, int width, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("height and width must be positive: " + height + "x" + width);
        }
        long expected = (long) count * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "pixels has " + pixels.length + " values, expected " + count + "x" + height + "x" + width);
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("labels has " + labels.length + " values, expected " + count);
        }
        this.pixels = pixels;
        this.count = count;
        this.height = height;
        this.width = width;
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    public int size() {
        return count;
    }

    /** Pixels per image. */
    public int dimension() {
        return height * width;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing array, not a copy: do not modify. */
    public float[] pixels() {
        return pixels;
    }

    /** The backing array or null when the set is unlabelled: do not modify. */
    public int[] labels() {
        return labels;
    }

    /** A copy of image {@code i}. */
    public float[] image(int i) {
        Objects.checkIndex(i, count);
        int d = dimension();
        return Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
    }

    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[Objects.checkIndex(i, count)];
    }

    /** Images {@code [from, to)} as a new set with the same name. */
    public ImageSet subset(int from, int to) {
        return subset(name, from, to);
    }

    /** Images {@code [from, to)} as a new set called {@code newName}, e.g. a split of this one. */
    public ImageSet subset(String newName, int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        int d = dimension();
        return new ImageSet(
                newName,
                Arrays.copyOfRange(pixels, from * d, to * d),
                to - from,
                height,
                width,
                labels == null ? null : Arrays.copyOfRange(labels, from, to));
    }

    /** The images at {@code indices}, in that order, as a new set called {@code newName}. */
    public ImageSet select(String newName, int[] indices) {
        int d = dimension();
        float[] selected = new float[indices.length * d];
        int[] selectedLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int from = Objects.checkIndex(indices[i], count);
            System.arraycopy(pixels, from * d, selected, i * d, d);
            if (selectedLabels != null) {
                selectedLabels[i] = labels[from];
            }
        }
        return new ImageSet(newName, selected, indices.length, height, width, selectedLabels);
    }

    /** Whether every pixel is exactly 0 or 1. */
    public boolean isBinary() {
        for (float p : pixels) {
            if (p != 0f && p != 1f) {
                return false;
            }
        }
        return true;
    }

    /** The mean of each pixel over all images (used e.g. to initialise output biases). */
    public double[] pixelMeans() {
        if (count == 0) {
            throw new IllegalStateException(name + " is empty: no pixel means");
        }
        int d = dimension();
        double[] sums = new double[d];
        for (int i = 0, base = 0; i < count; i++, base += d) {
            for (int j = 0; j < d; j++) {
                sums[j] += pixels[base + j];
            }
        }
        for (int j = 0; j < d; j++) {
            sums[j] /= count;
        }
        return sums;
    }

    @Override
    public String toString() {
        return name + " (" + count + " images, " + height + "x" + width + (labels == null ? "" : ", labelled") + ")";
    }
}
