package org.iwae4j.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017), 28x28 grey-level clothing images in MNIST's layout,
 * split like MNIST: the first 59,600 training images for training, the last 400 for validation.
 *
 * <p>The checksums are of the uncompressed IDX files: the Debian package's .gz files carry other gzip
 * headers than the published ones (no file name, another time stamp) around the same content.
 */
public final class FashionMnist extends IdxDataset {
    public static final String NAME = "fashion-mnist";
    /** Where the Debian package dataset-fashion-mnist puts the published .gz files. */
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String CANONICAL = "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";

    private static final List<DataFile> FILES = List.of(
            new DataFile("train-images-idx3-ubyte",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016L),
            new DataFile("train-labels-idx1-ubyte",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008L),
            new DataFile("t10k-images-idx3-ubyte",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016L),
            new DataFile("t10k-labels-idx1-ubyte",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008L));

    private final Path debianDir;

    public FashionMnist() {
        this(DEBIAN_DIR);
    }

    /** With the Debian package's directory elsewhere, for tests. */
    FashionMnist(Path debianDir) {
        super(NAME, "Fashion-MNIST clothing images, 28x28: 59,600 train / 400 validation / 10,000 test", FILES);
        this.debianDir = debianDir;
    }

    @Override
    List<Fetch.Source> sources() {
        return List.of(
                Fetch.gzipDirectory(debianDir, "Debian package dataset-fashion-mnist (" + debianDir + ")"),
                Fetch.https("HTTPS", f -> List.of(URI.create(CANONICAL + f.fileName() + ".gz")), true));
    }
}
