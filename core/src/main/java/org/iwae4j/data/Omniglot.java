package org.iwae4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.UserError;

/**
 * The 28x28 Omniglot of the IWAE paper (chardata.mat from its authors' repository): 24,345 training
 * images, of which 1,345 drawn by a seeded shuffle are held out for validation, and 8,070 test images;
 * grey levels, binarized dynamically.
 */
public final class Omniglot extends PublishedDataset {
    public static final String NAME = "omniglot";
    public static final int VALIDATION_SIZE = 1_345;
    static final URI CANONICAL = URI.create("https://raw.githubusercontent.com/yburda/iwae/master/datasets/OMNIGLOT/chardata.mat");
    // The repository's own content address is the one published digest of this file.
    static final GitBlobFile FILE = new GitBlobFile("chardata.mat", "016a3536ffe5e1d38e42563a18d7a78bfaf643ec");

    /** The dataset, from the IWAE authors' repository (its one file is pinned by git blob id, not a {@link DataFile}). */
    public Omniglot() {
        super(NAME, "Omniglot characters as in the IWAE paper, 28x28: 23,000 train / 1,345 validation / 8,070 test", List.of());
    }

    @Override
    public boolean isPresent(Path dataDir) {
        return java.nio.file.Files.isRegularFile(FILE.in(directory(dataDir)));
    }

    @Override
    public Map<String, String> fileDigests(Path dataDir) {
        return Map.of(FILE.fileName(), "git-blob:" + FILE.blobId());
    }

    @Override
    public void fetch(Path dataDir, PrintStream log) {
        Path dir = directory(dataDir);
        if (isPresent(dataDir)) {
            FILE.verifyIn(dir, NAME);
            log.println(NAME + ": " + FILE.fileName() + " already present, git blob id verified");
            return;
        }
        try {
            new HttpsDownloader().download(List.of(CANONICAL), FILE, dir, false);
        } catch (IOException e) {
            throw new UserError("cannot fetch " + NAME + " (" + FILE.fileName() + ") into " + dir + ": "
                    + Errors.describe(e));
        }
        log.println(NAME + ": " + FILE.fileName() + " downloaded from " + CANONICAL);
    }

    @Override
    public DatasetSplits load(Path dataDir) {
        Path dir = directory(dataDir);
        FILE.verifyIn(dir, NAME);
        return read(FILE.in(dir));
    }

    /** Reads a chardata.mat-style file: variables data (train) and testdata (test), 784 x N each. */
    static DatasetSplits read(Path file) {
        MatImages mat = MatImages.open(file);
        ImageSet all = mat.images("data", 28, NAME + "/train-full");
        ImageSet test = mat.images("testdata", 28, NAME + "/test");
        return Holdout.shuffled(NAME, all, Math.min(VALIDATION_SIZE, Holdout.tenthOf(all.size())), test, false);
    }
}
