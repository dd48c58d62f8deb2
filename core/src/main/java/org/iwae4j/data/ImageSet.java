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

    /**
     * @param name the set's name, e.g. {@code test}
     * @param pixels {@code count * height * width} intensities in [0, 1], image after image (shared, not copied)
     * @param count the images
     * @param height rows per image
     * @param width columns per image
     * @param labels one class label per image, or null for an unlabelled set (shared, not copied)
     * @throws IllegalArgumentException when the sizes do not agree
     */
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

    /** @return the set's name */
    public String name() {
        return name;
    }

    /** @return the number of images */
    public int size() {
        return count;
    }

    /** @return the pixels per image */
    public int dimension() {
        return height * width;
    }

    /** @return the rows per image */
    public int height() {
        return height;
    }

    /** @return the columns per image */
    public int width() {
        return width;
    }

    /** @return the backing array, not a copy: do not modify */
    public float[] pixels() {
        return pixels;
    }

    /** @return the backing array or null when the set is unlabelled: do not modify */
    public int[] labels() {
        return labels;
    }

    /**
     * @param i an image's index
     * @return a copy of its pixels
     */
    public float[] image(int i) {
        Objects.checkIndex(i, count);
        int d = dimension();
        return Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
    }

    /**
     * @param i an image's index
     * @return its class label
     * @throws IllegalStateException when the set is unlabelled
     */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[Objects.checkIndex(i, count)];
    }

    /**
     * @param from the first image
     * @param to the image after the last
     * @return images {@code [from, to)} as a new set with the same name
     */
    public ImageSet subset(int from, int to) {
        return subset(name, from, to);
    }

    /**
     * @param newName the new set's name
     * @param from the first image
     * @param to the image after the last
     * @return images {@code [from, to)} as a new set called {@code newName}, e.g. a split of this one
     */
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

    /**
     * @param newName the new set's name
     * @param indices the images to take, in the new set's order
     * @return the images at {@code indices}, in that order, as a new set called {@code newName}
     */
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

    /** @return whether every pixel is exactly 0 or 1 */
    public boolean isBinary() {
        for (float p : pixels) {
            if (p != 0f && p != 1f) {
                return false;
            }
        }
        return true;
    }

    /** @return the mean of each pixel over all images (used e.g. to initialise output biases) */
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
