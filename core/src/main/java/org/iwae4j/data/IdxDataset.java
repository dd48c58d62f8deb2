package org.iwae4j.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset in MNIST's layout: four IDX files (training images and labels, test images and labels),
 * pinned by SHA-256; the last 400 training images are held out for validation, as in the paper.
 */
abstract class IdxDataset extends PublishedDataset {
    static final int VALIDATION_SIZE = 400;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param files training images, training labels, test images, test labels
     */
    IdxDataset(String name, String description, List<DataFile> files) {
        super(name, description, files);
    }

    /** Where missing files are fetched from, in order. */
    abstract List<Fetch.Source> sources();

    @Override
    public void fetch(Path dataDir, PrintStream log) {
        Fetch.run(name(), files(), directory(dataDir), sources(), log);
    }

    @Override
    public DatasetSplits load(Path dataDir) {
        Path dir = directory(dataDir);
        List<DataFile> files = files();
        for (DataFile f : files) {
            f.verifyIn(dir, name());
        }
        ImageSet all = IdxReader.readImages(files.get(0).in(dir), files.get(1).in(dir), name() + "/train-full");
        ImageSet test = IdxReader.readImages(files.get(2).in(dir), files.get(3).in(dir), name() + "/test");
        return Holdout.last(name(), all, VALIDATION_SIZE, test, false);
    }
}
