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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.model.Architecture;
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
        if (!Files.isRegularFile(configFileIn(dir))) {
            throw new UserError(dir + " is not a run directory (no config.json)");
        }
        return new RunDirectory(dir);
    }

    /**
     * A directory for a new run: absent, empty, without a run in it, or with a run that never
     * reached its first checkpoint (there is nothing in it to resume, so a plain retry, perhaps with
     * other options, starts it again; the run lock still keeps out a trainer that is running it).
     */
    public static RunDirectory createFresh(Path dir) {
        if (Files.isRegularFile(configFileIn(dir)) && !new RunDirectory(dir).checkpoints().isEmpty()) {
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
        return Files.isRegularFile(configFileIn(dir));
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return configFileIn(root);
    }

    public Path metricsFile() {
        return metricsFileIn(root);
    }

    /**
     * @param dir a run directory, or one that may become one
     * @return where it keeps its record, config.json (the file that makes it a run directory)
     */
    public static Path configFileIn(Path dir) {
        return dir.resolve("config.json");
    }

    /**
     * @param dir a run directory, or one that may become one (e.g. an experiment's task not yet started)
     * @return where it keeps its metrics, metrics.jsonl
     */
    public static Path metricsFileIn(Path dir) {
        return dir.resolve("metrics.jsonl");
    }

    public Path evalFile(String split) {
        return EvalFiles.result(root, split, false);
    }

    public Path checkpointDir() {
        return root.resolve("checkpoints");
    }

    public Path checkpointFor(int epoch) {
        return checkpointDir().resolve(String.format("epoch-%06d.ckpt", epoch));
    }

    /** @return checkpoints/best.ckpt, the state after the epoch with the best validation bound */
    public Path bestCheckpoint() {
        return checkpointDir().resolve("best.ckpt");
    }

    /**
     * The checkpoint a command names with {@code --checkpoint}: {@code best} (checkpoints/best.ckpt),
     * {@code latest} or none (the newest intact one), or a file.
     *
     * @param named the name given, or empty
     * @param warnings hears of corrupt newer checkpoints passed over
     * @return the checkpoint file
     * @throws UserError if the run has no such checkpoint
     */
    public Path checkpoint(Optional<Path> named, java.util.function.Consumer<String> warnings) {
        String name = named.map(Path::toString).orElse("latest");
        if (name.equals("best")) {
            if (!Files.isRegularFile(bestCheckpoint())) {
                throw new UserError(root + " has no best checkpoint (" + bestCheckpoint()
                        + " is written after each epoch with a better validation bound; this run has none yet)");
            }
            return bestCheckpoint();
        }
        if (name.equals("latest")) {
            return latestIntactCheckpoint(warnings)
                    .orElseThrow(() -> new UserError(root + " has no intact checkpoint yet (train it first)"));
        }
        return named.get();
    }

    /** Fields of config.json's "config" that every version wrote. */
    private static final List<String> REQUIRED_CONFIG = List.of("dataset", "model", "k", "layers", "epochs",
            "learning_rate", "batch_size", "seed", "threads", "eval_seed", "checkpoint_every", "keep_checkpoints");
    private static final List<String> REQUIRED_ARCHITECTURE = List.of("input_dim", "latent", "hidden",
            "deterministic_layers");

    /**
     * Reads config.json and checks it field by field, with the same checks as a new run's options
     * ({@link org.iwae4j.config.TrainConfig#validate}), so that a damaged or edited file is refused
     * in one line naming the field instead of failing later inside the engine.
     *
     * @return the run's record
     * @throws UserError naming config.json and the first bad or missing field
     */
    public RunRecord readRecord() {
        Path file = configFile();
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": not a valid RunRecord file (" + firstLine(e) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new UserError(file + ": not a valid run configuration (expected a JSON object, found "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ")");
        }
        ObjectNode config = object(tree, "config", file);
        ObjectNode architecture = object(tree, "architecture", file);
        for (String field : REQUIRED_CONFIG) {
            requireField(config, "config", field, file);
        }
        for (String field : REQUIRED_ARCHITECTURE) {
            requireField(architecture, "architecture", field, file);
        }
        if (tree.has("data_files") && !tree.get("data_files").isObject() && !tree.get("data_files").isNull()) {
            throw new UserError(file + ": field data_files must be an object of file names and digests");
        }
        // Files written before MIWAE, CIWAE and VR existed lack their parameters: the defaults are what they meant.
        TrainConfig defaults = TrainConfig.defaults();
        if (!config.has("m")) {
            config.put("m", defaults.m());
        }
        if (!config.has("beta")) {
            config.put("beta", defaults.beta());
        }
        if (!config.has("alpha")) {
            config.put("alpha", defaults.alpha());
        }
        RunRecord record;
        try {
            record = Json.MAPPER.treeToValue(tree, RunRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UserError(file + ": not a valid RunRecord file (" + firstLine(e) + ")");
        }
        if (record.config() != null && record.config().model() != null) {
            // Earlier versions recorded the settings a bound ignores as given: they never had an effect.
            record = record.withConfig(record.config().withUnusedSettingsAtDefaults());
        }
        try {
            record.config().validate();
        } catch (InvalidParameterException e) {
            throw new UserError(file + ": config." + e.getMessage()
                    + " (the file is damaged or was edited: restore it, or train a new run)");
        } catch (UserError e) {
            throw new UserError(file + ": " + e.getMessage() + " (the file is damaged or was edited)");
        }
        Architecture expected = record.config().architecture(record.architecture().inputDim());
        if (!expected.latent().equals(record.architecture().latent())
                || !expected.hidden().equals(record.architecture().hidden())) {
            throw new UserError(file + ": architecture " + record.architecture().describe()
                    + " does not match config's layers, latent and hidden (" + expected.describe()
                    + "): the file is damaged or was edited");
        }
        return record;
    }

    private static ObjectNode object(JsonNode tree, String field, Path file) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            throw new UserError(file + ": not a valid run configuration: field " + field
                    + " is missing (the file is damaged or was edited)");
        }
        if (!node.isObject()) {
            throw new UserError(file + ": field " + field + " must be a JSON object, found " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    private static void requireField(ObjectNode node, String parent, String field, Path file) {
        if (!node.has(field) || node.get(field).isNull()) {
            throw new UserError(file + ": not a valid run configuration: field " + parent + "." + field
                    + " is missing (the file is damaged or was edited)");
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
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

    /**
     * Temporaries of writes that a crash interrupted, in the run directory and checkpoints/: only
     * files named as iwae4j names its temporaries and held by no live writer (see {@link
     * AtomicFiles#removeStaleTemporaries}); a user's own files are never touched.
     *
     * @return the files removed
     */
    public List<Path> removeStaleTemporaries() {
        List<Path> removed = new ArrayList<>(AtomicFiles.removeStaleTemporaries(root));
        removed.addAll(AtomicFiles.removeStaleTemporaries(checkpointDir()));
        return removed;
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
