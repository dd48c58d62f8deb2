package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.UserError;
import org.iwae4j.common.Torch;
import org.iwae4j.config.MemoryEstimate;
import org.iwae4j.run.DataCheck;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.model.Architecture;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.train.BestCheckpoint;
import org.iwae4j.train.Checkpointer;
import org.iwae4j.train.MetricsRecorder;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.train.Trainer;
import org.iwae4j.train.TrainingState;
import org.iwae4j.train.TrainingStep;

/**
 * Training in a run directory: config.json, the lock, metrics.jsonl and checkpoints around the
 * {@link Trainer}. A run started here can be resumed, by this class or {@code ./iwae train --resume},
 * and repeats an uninterrupted run bit for bit.
 *
 * <p>Internal, not part of the front door ({@link Iwae} is): the engine room of the CLI and the
 * Spark module, which may change.
 */
public final class TrainingRun {
    private TrainingRun() {}

    /**
     * A new run of a named dataset.
     *
     * @param out the run directory; fails if it already holds a run
     * @param config what to train
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @param command the command line, recorded as provenance
     * @return the metrics of every epoch
     */
    public static List<EpochMetrics> start(Path out, TrainConfig config, Path dataDir, ProgressListener progress,
            List<String> command) {
        Arguments.notNull(out, "out", config, "config", dataDir, "dataDir", progress, "progress", command, "command");
        config.validate();
        Dataset dataset = Datasets.byName(config.dataset());
        DatasetSplits data = dataset.load(dataDir);
        // User data by its absolute path, so that eval and resume work from any directory.
        return start(out, config.dataset(dataset.name()), data, dataset.fileDigests(dataDir), progress, command);
    }

    /**
     * A new run of data already loaded.
     *
     * @param out the run directory; fails if it already holds a run
     * @param config what to train; its dataset names the data
     * @param data the images
     * @param dataFiles digests of the files the data came from, recorded in config.json
     * @param progress hears of steps, epochs and messages
     * @param command the command line, recorded as provenance
     * @return the metrics of every epoch
     */
    public static List<EpochMetrics> start(Path out, TrainConfig config, DatasetSplits data,
            java.util.Map<String, String> dataFiles, ProgressListener progress, List<String> command) {
        Arguments.notNull(out, "out", config, "config", data, "data", dataFiles, "dataFiles", progress, "progress",
                command, "command");
        config = config.validate().path(TrainingStep.resolve(config));
        Architecture architecture = config.architecture(data.train().dimension());
        MemoryEstimate.checkTraining(config, architecture, data.train().size());
        RunDirectory run = RunDirectory.createFresh(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord record = new RunRecord(config, architecture, dataFiles,
                    Provenance.now(config.effectiveThreads(), config.device().id(), command));
            run.writeRecord(record);
            return train(run, record, data, progress, Optional.empty());
        }
    }

    /**
     * Continues a run from its newest intact checkpoint, on its data as recorded.
     *
     * @param out the run directory
     * @param epochs the epoch count to train to (to extend a run), or null for the configured one
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @return the metrics of every epoch, also those of earlier sessions
     * @throws org.iwae4j.run.DataCheck.DataChangedException when a data file differs from the record
     */
    public static List<EpochMetrics> resume(Path out, Integer epochs, Path dataDir, ProgressListener progress) {
        return resume(out, epochs, dataDir, DataCheck.Policy.VERIFY, progress);
    }

    /**
     * Continues a run from its newest intact checkpoint.
     *
     * @param out the run directory
     * @param epochs the epoch count to train to (to extend a run), or null for the configured one
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or, when
     *     the user accepts them explicitly, used and the change recorded in config.json
     * @param progress hears of steps, epochs and messages
     * @return the metrics of every epoch, also those of earlier sessions
     */
    public static List<EpochMetrics> resume(Path out, Integer epochs, Path dataDir, DataCheck.Policy dataPolicy,
            ProgressListener progress) {
        Arguments.notNull(out, "out", dataDir, "dataDir", dataPolicy, "dataPolicy", progress, "progress");
        return resume(out, epochs, record -> DataCheck.load(record, dataDir, dataPolicy, progress::message), progress,
                true);
    }

    /**
     * Continues a run from its newest intact checkpoint, on data already loaded.
     *
     * @param out the run directory
     * @param epochs the epoch count to train to (to extend a run), or null for the configured one
     * @param data the run's images, given its configuration
     * @param progress hears of steps, epochs and messages
     * @return the metrics of every epoch, also those of earlier sessions
     */
    public static List<EpochMetrics> resume(Path out, Integer epochs,
            java.util.function.Function<TrainConfig, DatasetSplits> data, ProgressListener progress) {
        Arguments.notNull(out, "out", data, "data", progress, "progress");
        return resume(out, epochs, record -> new DataCheck.Verified(data.apply(record.config()), List.of()), progress,
                false);
    }

    private static List<EpochMetrics> resume(Path out, Integer epochs,
            java.util.function.Function<RunRecord, DataCheck.Verified> data, ProgressListener progress,
            boolean checkMemory) {
        RunDirectory run = RunDirectory.open(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord saved = run.readRecord();
            Optional<Path> latest = run.latestIntactCheckpoint(progress::message);
            int done = latest.map(RunDirectory::epochOf).orElse(0);
            TrainConfig config = epochs == null ? saved.config() : saved.config().epochs(epochs).validate();
            config = config.path(TrainingStep.recordedPath(config)); // the path it started on
            if (epochs != null && epochs < done) {
                throw new InvalidParameterException("epochs", "epochs " + epochs + " is fewer than the " + done
                        + " epochs " + out + " has trained already: a run cannot be shortened"
                        + " (evaluate one of its earlier checkpoints instead)");
            }
            if (done >= config.epochs()) {
                if (epochs != null && saved.config().epochs() != epochs) {
                    run.writeRecord(saved.withConfig(config));
                }
                progress.message(out + " has trained all " + done + " of its " + config.epochs()
                        + " epochs already: nothing to do" + (epochs == null ? " (extend it with a larger epochs)" : ""));
                return MetricsLog.read(run.metricsFile());
            }
            if (checkMemory) {
                MemoryEstimate.checkTraining(config, saved.architecture(), Integer.MAX_VALUE);
            }
            DataCheck.Verified verified = data.apply(saved);
            RunRecord record = saved.withConfig(config).withAcceptedDataChanges(verified.acceptedChanges());
            if (epochs != null || !verified.acceptedChanges().isEmpty()) {
                run.writeRecord(record);
            }
            if (latest.isEmpty()) {
                progress.message("no intact checkpoint in " + run.root() + "; starting from epoch 0");
            }
            return train(run, record, verified.data(), progress, latest);
        }
    }

    /**
     * A new run that continues the newest intact checkpoint of another under a different
     * configuration (bound, k, learning rate, schedule, epochs), as in the paper's Table 2: the
     * parameters and Adam's moments and step count are carried over; epochs count from 0 again and
     * the randomness comes from the new configuration's seed. Resume it like any run.
     *
     * @param source the run to continue; its architecture and dataset must be those of {@code config}
     * @param out the new run directory; fails if it already holds a run
     * @param config the new run's configuration
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @param command the command line, recorded as provenance
     * @return the metrics of every epoch of the new run
     */
    public static List<EpochMetrics> continueFrom(Path source, Path out, TrainConfig config, Path dataDir,
            ProgressListener progress, List<String> command) {
        Arguments.notNull(source, "source", out, "out", config, "config", dataDir, "dataDir", progress, "progress",
                command, "command");
        config = config.validate().path(TrainingStep.resolve(config));
        RunDirectory from = RunDirectory.open(source);
        RunRecord sourceRecord = from.readRecord();
        Path checkpoint = from.latestIntactCheckpoint(progress::message)
                .orElseThrow(() -> new UserError(source + " has no intact checkpoint to continue"));
        if (!sourceRecord.config().dataset().equals(config.dataset())) {
            throw new UserError("cannot continue " + source + " (dataset " + sourceRecord.config().dataset()
                    + ") on dataset " + config.dataset());
        }
        DatasetSplits data = Datasets.byName(config.dataset()).load(dataDir);
        Architecture architecture = config.architecture(data.train().dimension());
        if (!architecture.equals(sourceRecord.architecture())) {
            throw new UserError("cannot continue " + source + " (" + sourceRecord.architecture().describe()
                    + ") as a " + architecture.describe() + " model");
        }
        RunDirectory run = RunDirectory.createFresh(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            try (NDManager manager = Torch.newManager(Torch.device(ComputeDevice.CPU))) {
                Checkpoint.Loaded loaded = Checkpoint.read(checkpoint, manager);
                Checkpoint.write(run.checkpointFor(0), new Checkpoint.State(0, loaded.state().adamStep(), config.seed(), 0),
                        loaded.parameters(), loaded.optimizerState());
            }
            RunRecord record = new RunRecord(config, architecture, sourceRecord.dataFiles(),
                    Provenance.now(config.effectiveThreads(), config.device().id(), command));
            run.writeRecord(record);
            progress.message("continuing " + checkpoint);
            return train(run, record, data, progress, Optional.of(run.checkpointFor(0)));
        }
    }

    private static List<EpochMetrics> train(RunDirectory run, RunRecord record, DatasetSplits data,
            ProgressListener progress, Optional<Path> checkpoint) {
        TrainConfig config = record.config();
        Torch.setThreads(config.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(config.device()))) {
            double[] pixelMeans = data.train().pixelMeans();
            if (checkpoint.isPresent()) {
                progress.message("resuming from " + checkpoint.get());
            }
            Optional<Checkpoint.Loaded> loaded = checkpoint.map(file -> Checkpoint.read(file, manager));
            TrainingState state = loaded.isPresent()
                    ? TrainingState.restored(config, record.architecture(), pixelMeans, loaded.get(), manager)
                    : TrainingState.fresh(config, record.architecture(), pixelMeans, manager);
            MetricsLog metrics = state.epoch() == 0
                    ? MetricsLog.empty(run.metricsFile())
                    : MetricsLog.resume(run.metricsFile(), state.epoch());
            new Trainer(config, data, progress,
                    List.of(new MetricsRecorder(metrics), new BestCheckpoint(run), new Checkpointer(run, config)),
                    metrics.entries()).fit(state);
            return metrics.entries();
        }
    }
}
