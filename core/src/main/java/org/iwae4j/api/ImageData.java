package org.iwae4j.api;

import java.nio.file.Path;
import java.util.Map;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.data.Holdout;
import org.iwae4j.data.ImageSet;

/**
 * Images to train and evaluate on: a named dataset read from disk, or arrays in memory. Pixels are
 * intensities in [0, 1]; grey-level data is binarized dynamically for training and once (with the
 * configuration's evaluation seed) for evaluation, binary data is used as it is.
 */
public final class ImageData {
    private final DatasetSplits splits;
    private final Map<String, String> fileDigests;

    private ImageData(DatasetSplits splits, Map<String, String> fileDigests) {
        this.splits = splits;
        this.fileDigests = Map.copyOf(fileDigests);
    }

    /**
     * A named dataset, read and verified from {@code dataDir}.
     *
     * @param dataset {@code mnist}, {@code fashion-mnist}, {@code binarized-mnist}, {@code omniglot},
     *     {@code idx:DIR} or {@code npz:FILE}
     * @param dataDir where the named datasets live (see {@code ./iwae fetch})
     * @return its training, validation and test images
     */
    public static ImageData named(String dataset, Path dataDir) {
        InvalidParameterException.requireNonNull(dataset, "dataset");
        InvalidParameterException.requireNonNull(dataDir, "dataDir");
        Dataset named = Datasets.byName(dataset);
        return new ImageData(named.load(dataDir), named.fileDigests(dataDir));
    }

    /**
     * MNIST with the paper's splits: 59,600 / 400 / 10,000.
     *
     * @param dataDir where {@code mnist/} lives
     * @return MNIST
     */
    public static ImageData mnist(Path dataDir) {
        return named("mnist", dataDir);
    }

    /**
     * Images in memory, one row per image; a tenth of {@code train}, drawn with a fixed seed, is held
     * out for the validation bound.
     *
     * @param train training images, each a row of intensities in [0, 1] of the same length
     * @param test test images of the same length
     * @return the data
     */
    public static ImageData of(float[][] train, float[][] test) {
        ImageSet all = images("train", train);
        ImageSet testSet = images("test", test);
        require(all.dimension() == testSet.dimension(), "test",
                "images have " + testSet.dimension() + " pixels, the training images " + all.dimension());
        boolean binary = all.isBinary() && testSet.isBinary();
        return new ImageData(Holdout.shuffled("memory", all, Holdout.tenthOf(all.size()), testSet, binary), Map.of());
    }

    /**
     * Images in memory as 8-bit grey levels (0 to 255), e.g. as read from IDX files.
     *
     * @param train training images, one row of grey levels per image
     * @param test test images
     * @return the data
     */
    public static ImageData of(byte[][] train, byte[][] test) {
        return of(intensities("train", train), intensities("test", test));
    }

    /** Wraps splits made by the data package (internal; through {@link RunModels#imageData}). */
    static ImageData of(DatasetSplits splits) {
        InvalidParameterException.requireNonNull(splits, "splits");
        return new ImageData(splits, Map.of());
    }

    /** @return the training images */
    public ImageSet train() {
        return splits.train();
    }

    /** @return the validation images */
    public ImageSet validation() {
        return splits.validation();
    }

    /** @return the test images */
    public ImageSet test() {
        return splits.test();
    }

    /** @return whether the pixels are binary already */
    public boolean binary() {
        return splits.binary();
    }

    /** @return the SHA-256 (or git blob id) of each file a named dataset was read from; empty for data in memory */
    public Map<String, String> fileDigests() {
        return fileDigests;
    }

    /** The splits, for the lower layers. */
    DatasetSplits splits() {
        return splits;
    }

    /**
     * @param name the set's name
     * @param rows one image per row
     * @return the rows as an image set (square images when the length is a square)
     */
    static ImageSet images(String name, float[][] rows) {
        require(rows != null, name, "must not be null");
        require(rows.length > 0, name, "needs at least one image");
        requireRows(name, rows);
        int dim = rows[0].length;
        require(dim > 0, name, "images need at least one pixel");
        float[] pixels = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            require(rows[i].length == dim, name, "image " + i + " has " + rows[i].length + " pixels, image 0 has " + dim);
            for (int j = 0; j < dim; j++) {
                float v = rows[i][j];
                require(v >= 0 && v <= 1, name, "image " + i + " pixel " + j + " is " + v + ", outside [0, 1]");
            }
            System.arraycopy(rows[i], 0, pixels, i * dim, dim);
        }
        int side = (int) Math.round(Math.sqrt(dim));
        return side * side == dim ? new ImageSet(name, pixels, rows.length, side, side, null)
                : new ImageSet(name, pixels, rows.length, 1, dim, null);
    }

    private static float[][] intensities(String name, byte[][] rows) {
        require(rows != null, name, "must not be null");
        requireRows(name, rows);
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = (rows[i][j] & 0xff) / 255f;
            }
        }
        return out;
    }

    /** Every row present: a null row is named with its index, as the other row checks do. */
    static void requireRows(String name, Object[] rows) {
        for (int i = 0; i < rows.length; i++) {
            require(rows[i] != null, name, "image " + i + " is null");
        }
    }

    private static void require(boolean condition, String parameter, String problem) {
        InvalidParameterException.require(condition, parameter, problem);
    }
}
