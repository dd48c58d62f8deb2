package org.iwae4j.data;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.Sha256;
import org.iwae4j.common.UserError;

/**
 * Data the user brings, named {@code KIND:PATH}: nothing to fetch and no pinned checksums, so a run
 * records the SHA-256 of the files as they were when it started.
 *
 * <p>Images with every pixel 0 or 1 are used as they are; others are binarized dynamically. Without
 * a validation set, a tenth of the training images (by a seeded shuffle) is held out.
 */
abstract class UserDataset implements Dataset {
    private final String kind;
    final Path path;

    UserDataset(String kind, Path path) {
        this.kind = kind;
        this.path = path.toAbsolutePath().normalize();
    }

    /** The files {@link #load} reads, those that exist. */
    abstract List<Path> dataFiles();

    /** Reads the training, (optional, else null) validation and test images. */
    abstract ImageSet[] read();

    @Override
    public String name() {
        return kind + ":" + path;
    }

    @Override
    public String label() {
        String file = path.getFileName() == null ? "data" : path.getFileName().toString();
        return kind + "-" + file.replaceAll("\\.npz$", "").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public List<DataFile> files() {
        return List.of();
    }

    @Override
    public Path directory(Path dataDir) {
        return path;
    }

    @Override
    public boolean isPresent(Path dataDir) {
        return Files.exists(path);
    }

    @Override
    public Map<String, String> fileDigests(Path dataDir) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (Path f : dataFiles()) {
            if (!Files.isRegularFile(f)) {
                continue; // gone: a run's data check reports it as missing
            }
            digests.put(f.toString(), Sha256.of(f));
        }
        return digests;
    }

    @Override
    public void fetch(Path dataDir, PrintStream log) {
        if (!isPresent(dataDir)) {
            throw new UserError(path + ": not found (" + kind + ": data is yours to provide, there is nothing to fetch)");
        }
        log.println(name() + ": your own data, nothing to fetch");
    }

    @Override
    public DatasetSplits load(Path dataDir) {
        if (!isPresent(dataDir)) {
            throw new UserError(path + ": not found");
        }
        ImageSet[] sets = read();
        ImageSet train = sets[0];
        ImageSet validation = sets[1];
        ImageSet test = sets[2];
        for (ImageSet other : validation == null ? List.of(test) : List.of(validation, test)) {
            if (other.height() != train.height() || other.width() != train.width()) {
                throw new UserError(name() + ": " + other.name() + " has " + other.height() + "x" + other.width()
                        + " images but the training images are " + train.height() + "x" + train.width());
            }
        }
        boolean binary = train.isBinary() && test.isBinary() && (validation == null || validation.isBinary());
        if (validation != null) {
            return new DatasetSplits(name(), train, validation, test, binary);
        }
        return Holdout.shuffled(name(), train, Holdout.tenthOf(train.size()), test, binary);
    }
}
