package org.iwae4j.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dataset whose files live in {@code <dataDir>/<name>/} and are fetched once, then verified on every load. */
public interface Dataset {
    /** The name users type, e.g. {@code mnist}; also the directory under the data directory. */
    String name();

    /** One line for listings. */
    String description();

    List<DataFile> files();

    /** A name fit for a directory, e.g. for a run's default directory. */
    default String label() {
        return name();
    }

    /** File name to digest of the files {@link #load} reads, for a run's config.json. */
    default Map<String, String> fileDigests(Path dataDir) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (DataFile file : files()) {
            digests.put(file.fileName(), file.sha256());
        }
        return digests;
    }

    /** Where this dataset's files live. */
    default Path directory(Path dataDir) {
        return dataDir.resolve(name());
    }

    /** Every file present with the right size; cheap, no hashing. */
    default boolean isPresent(Path dataDir) {
        Path dir = directory(dataDir);
        return files().stream().allMatch(f -> f.isPresentIn(dir));
    }

    /**
     * Downloads whatever is missing or damaged; files already there with the right SHA-256 are kept.
     * Reports one line per file on {@code log}.
     *
     * @throws org.iwae4j.common.UserError when a file cannot be had from any source
     */
    void fetch(Path dataDir, PrintStream log);

    /**
     * Verifies every file's SHA-256, then reads the splits.
     *
     * @throws org.iwae4j.common.UserError when a file is missing, damaged or malformed
     */
    DatasetSplits load(Path dataDir);
}
