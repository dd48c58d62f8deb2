package org.iwae4j.run;

import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;

/**
 * The files of one run: config.json, metrics.jsonl, checkpoints/epoch-NNNNNN.ckpt, eval-SPLIT.json
 * and weights.npz. Every file is written atomically.
 */
public final class RunDirectory {
    private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d+)\\.ckpt");
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** A run directory that must already hold a run. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": no such run directory");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UserError(dir + " is not a run directory (no config.json)");
        }
        return new RunDirectory(dir);
    }

    /** A directory for a new run: absent, empty, or without a run in it. */
    public static RunDirectory createFresh(Path dir) {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UserError(dir + " already holds a run: continue it with --resume, or choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create run directory (" + e.getMessage() + ")");
        }
        return new RunDirectory(dir);
    }

    public static boolean holdsRun(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"));
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve("config.json");
    }

    public Path metricsFile() {
        return root.resolve("metrics.jsonl");
    }

    public Path evalFile(String split) {
        return root.resolve("eval-" + split + ".json");
    }

    public Path checkpointDir() {
        return root.resolve("checkpoints");
    }

    public Path checkpointFor(int epoch) {
        return checkpointDir().resolve(String.format("epoch-%06d.ckpt", epoch));
    }

    public RunRecord readRecord() {
        RunRecord record = Json.read(configFile(), RunRecord.class);
        if (record.config() == null || record.architecture() == null) {
            throw new UserError(configFile() + ": not a valid run configuration (missing config or architecture)");
        }
        return record;
    }

    public void writeRecord(RunRecord record) {
        Json.write(configFile(), record);
    }

    /** Checkpoint files, oldest epoch first. */
    public List<Path> checkpoints() {
        if (!Files.isDirectory(checkpointDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(checkpointDir())) {
            return files.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(RunDirectory::epochOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int epochOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint name: " + checkpoint);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The newest checkpoint whose checksum holds; corrupt newer ones are reported on
     * {@code warnings} and skipped, so a crash mid-write never blocks a resume.
     */
    public Optional<Path> latestIntactCheckpoint(java.util.function.Consumer<String> warnings) {
        List<Path> all = new ArrayList<>(checkpoints());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path candidate = all.get(i);
            if (Checkpoint.isIntact(candidate)) {
                return Optional.of(candidate);
            }
            warnings.accept(candidate + " is truncated or corrupt; trying an older checkpoint");
        }
        return Optional.empty();
    }

    /** Deletes all but the newest {@code keep} checkpoints, sparing the epochs in {@code kept}. */
    public void pruneCheckpoints(int keep, Set<Integer> kept) {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keep; i++) {
            Path old = all.get(i);
            if (!kept.contains(epochOf(old))) {
                try {
                    Files.deleteIfExists(old);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Temporary files of writes that a crash interrupted; only the lock holder may remove them. */
    private void removeStaleTemporaries() throws IOException {
        for (Path dir : List.of(root, checkpointDir())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(".")
                        && f.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** A held run lock; closing it releases the lock. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds the run's lock file until closed, so that two trainers never write one run. */
    public Lock lockForTraining() {
        try {
            FileChannel channel = FileChannel.open(root.resolve("train.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new UserError(root + " is being trained by another process (train.lock is held)");
            }
            FileLock held = lock;
            removeStaleTemporaries();
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (IOException e) {
            throw new UserError(root + ": cannot lock run directory (" + e.getMessage() + ")");
        }
    }
}
