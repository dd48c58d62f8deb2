package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
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
import org.iwae4j.train.Checkpointer;
import org.iwae4j.train.MetricsRecorder;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.train.Trainer;
import org.iwae4j.train.TrainingState;

/**
 * Training in a run directory: config.json, the lock, metrics.jsonl and checkpoints around the
 * {@link Trainer}. A run started here can be resumed, by this class or {@code ./iwae train --resume},
 * and repeats an uninterrupted run bit for bit.
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
        config.validate();
        Architecture architecture = config.architecture(data.train().dimension());
        RunDirectory run = RunDirectory.createFresh(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord record = new RunRecord(config, architecture, dataFiles,
                    Provenance.now(config.effectiveThreads(), config.device().id(), command));
            run.writeRecord(record);
            return train(run, record, data, progress, false);
        }
    }

    /**
     * Continues a run from its newest intact checkpoint.
     *
     * @param out the run directory
     * @param epochs the epoch count to train to (to extend a run), or null for the configured one
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @return the metrics of every epoch, also those of earlier sessions
     */
    public static List<EpochMetrics> resume(Path out, Integer epochs, Path dataDir, ProgressListener progress) {
        return resume(out, epochs, config -> Datasets.byName(config.dataset()).load(dataDir), progress);
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
        RunDirectory run = RunDirectory.open(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord saved = run.readRecord();
            TrainConfig config = epochs == null ? saved.config() : saved.config().epochs(epochs).validate();
            RunRecord record = new RunRecord(config, saved.architecture(), saved.dataFiles(), saved.provenance());
            if (epochs != null) {
                run.writeRecord(record);
            }
            return train(run, record, data.apply(config), progress, true);
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
        config.validate();
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
            return train(run, record, data, progress, true);
        }
    }

    private static List<EpochMetrics> train(RunDirectory run, RunRecord record, DatasetSplits data,
            ProgressListener progress, boolean resume) {
        TrainConfig config = record.config();
        Torch.setThreads(config.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(config.device()))) {
            double[] pixelMeans = data.train().pixelMeans();
            Optional<Checkpoint.Loaded> checkpoint = resume ? latest(run, manager, progress) : Optional.empty();
            TrainingState state = checkpoint.isPresent()
                    ? TrainingState.restored(config, record.architecture(), pixelMeans, checkpoint.get(), manager)
                    : TrainingState.fresh(config, record.architecture(), pixelMeans, manager);
            MetricsLog metrics = state.epoch() == 0
                    ? MetricsLog.empty(run.metricsFile())
                    : MetricsLog.resume(run.metricsFile(), state.epoch());
            new Trainer(config, data, progress, List.of(new MetricsRecorder(metrics), new Checkpointer(run, config)))
                    .fit(state);
            return metrics.entries();
        }
    }

    private static Optional<Checkpoint.Loaded> latest(RunDirectory run, NDManager manager, ProgressListener progress) {
        Optional<Path> latest = run.latestIntactCheckpoint(progress::message);
        if (latest.isEmpty()) {
            progress.message("no intact checkpoint in " + run.root() + "; starting from epoch 0");
            return Optional.empty();
        }
        progress.message("resuming from " + latest.get());
        return Optional.of(Checkpoint.read(latest.get(), manager));
    }
}
