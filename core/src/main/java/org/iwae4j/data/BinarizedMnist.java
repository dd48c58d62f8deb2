package org.iwae4j.data;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Larochelle's binarized MNIST (Larochelle &amp; Murray 2011): one fixed binarization, so its images are
 * used as they are. Splits as published: 50,000 train, 10,000 validation, 10,000 test.
 */
public final class BinarizedMnist extends PublishedDataset {
    public static final String NAME = "binarized-mnist";
    private static final String CANONICAL = "https://www.cs.toronto.edu/~larocheh/public/datasets/binarized_mnist/";
    // Sizes and SHA-256 as listed for these URLs in TensorFlow Datasets' checksum file.
    static final DataFile TRAIN = new DataFile("binarized_mnist_train.amat",
            "ad693b29f94c14277b095f5238ddefbbdaaae0939789dd2f4f0205278cee3e4d", 78_400_000L);
    static final DataFile VALID = new DataFile("binarized_mnist_valid.amat",
            "1de3d397c40fe8eeb33dafd4099a1f665ec01e96d9be234aaeeac8a34930e2e2", 15_680_000L);
    static final DataFile TEST = new DataFile("binarized_mnist_test.amat",
            "e6687bfea3f820c174f33b7865140b2a2dd2930ef786f35d45795fc193b5ab2c", 15_680_000L);
    private static final List<DataFile> FILES = List.of(TRAIN, VALID, TEST);

    /** The dataset, fetched from its authors' site. */
    public BinarizedMnist() {
        super(NAME, "Larochelle's fixed binarization of MNIST, 28x28, used as is: 50,000 train / 10,000 validation / 10,000 test", FILES);
    }

    @Override
    public void fetch(Path dataDir, PrintStream log) {
        Fetch.run(NAME, FILES, directory(dataDir), List.of(
                Fetch.https("HTTPS", f -> List.of(URI.create(CANONICAL + f.fileName())), false)), log);
    }

    @Override
    public DatasetSplits load(Path dataDir) {
        Path dir = directory(dataDir);
        for (DataFile f : FILES) {
            f.verifyIn(dir, NAME);
        }
        return new DatasetSplits(NAME,
                AmatReader.read(TRAIN.in(dir), NAME + "/train", 28, 28),
                AmatReader.read(VALID.in(dir), NAME + "/validation", 28, 28),
                AmatReader.read(TEST.in(dir), NAME + "/test", 28, 28),
                true);
    }
}
