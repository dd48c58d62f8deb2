package org.iwae4j.api;

import org.iwae4j.train.TrainingListener;
import org.iwae4j.train.Trainer;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunRecord;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.run.Checkpoint;
import java.util.List;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.model.Architecture;

/** Starts or resumes a run in a directory: config.json, lock, data, then the {@link Trainer}. */
public final class TrainingRun {
    private TrainingRun() {}

    /** A new run; fails if {@code out} already holds one. */
    public static List<EpochMetrics> start(Path out, TrainConfig config, Path dataDir, TrainingListener listener,
            List<String> command) {
        config.validate();
        Dataset dataset = Datasets.byName(config.dataset());
        DatasetSplits data = dataset.load(dataDir);
        Architecture architecture = architecture(config, data.train().dimension());
        // User data by its absolute path, so that eval and resume work from any directory.
        config = config.withDataset(dataset.name());
        RunDirectory run = RunDirectory.createFresh(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord record = new RunRecord(config, architecture, dataset.fileDigests(dataDir),
                    Provenance.now(config.effectiveThreads(), config.device(), command));
            run.writeRecord(record);
            return new Trainer(run, record, data, listener).train(false);
        }
    }

    /**
     * Continues a run from its newest intact checkpoint, up to {@code epochs} if given (to extend a
     * run) or to its configured epoch count.
     */
    public static List<EpochMetrics> resume(Path out, Integer epochs, Path dataDir, TrainingListener listener) {
        RunDirectory run = RunDirectory.open(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord saved = run.readRecord();
            TrainConfig config = epochs == null ? saved.config() : saved.config().withEpochs(epochs).validate();
            RunRecord record = new RunRecord(config, saved.architecture(), saved.dataFiles(), saved.provenance());
            if (epochs != null) {
                run.writeRecord(record);
            }
            DatasetSplits data = Datasets.byName(config.dataset()).load(dataDir);
            return new Trainer(run, record, data, listener).train(true);
        }
    }

    /**
     * A new run in {@code out} that continues the newest intact checkpoint of the run in
     * {@code source} under another configuration (bound, k, learning rate, schedule, epochs): its
     * parameters and Adam moments and step count are carried over, as the paper's Table 2 did;
     * epochs count from 0 again and the randomness comes from the new configuration's seed. The
     * architecture and dataset must be the source's.
     */
    public static List<EpochMetrics> continueFrom(Path source, Path out, TrainConfig config, Path dataDir,
            TrainingListener listener, List<String> command) {
        config.validate();
        RunDirectory from = RunDirectory.open(source);
        RunRecord sourceRecord = from.readRecord();
        Path checkpoint = from.latestIntactCheckpoint(listener::message)
                .orElseThrow(() -> new UserError(source + " has no intact checkpoint to continue"));
        if (!sourceRecord.config().dataset().equals(config.dataset())) {
            throw new UserError("cannot continue " + source + " (dataset " + sourceRecord.config().dataset()
                    + ") on dataset " + config.dataset());
        }
        DatasetSplits data = Datasets.byName(config.dataset()).load(dataDir);
        Architecture architecture = architecture(config, data.train().dimension());
        if (!architecture.equals(sourceRecord.architecture())) {
            throw new UserError("cannot continue " + source + " (" + sourceRecord.architecture().describe()
                    + ") as a " + architecture.describe() + " model");
        }
        RunDirectory run = RunDirectory.createFresh(out);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            RunRecord record = new RunRecord(config, architecture, sourceRecord.dataFiles(),
                    Provenance.now(config.effectiveThreads(), config.device(), command));
            try (NDManager manager = Torch.newManager(Device.cpu())) {
                Checkpoint.Loaded loaded = Checkpoint.read(checkpoint, manager);
                Checkpoint.write(run.checkpointFor(0),
                        new Checkpoint.State(0, loaded.state().adamStep(), config.seed(), 0),
                        loaded.parameters(), loaded.optimizerState());
            }
            run.writeRecord(record);
            listener.message("continuing " + checkpoint + " (epoch " + RunDirectory.epochOf(checkpoint) + ")");
            return new Trainer(run, record, data, listener).train(true);
        }
    }

    static Architecture architecture(TrainConfig config, int inputDim) {
        if (!config.latent().isEmpty() && !config.hidden().isEmpty()) {
            return new Architecture(inputDim, config.latent(), config.hidden(), 2);
        }
        Architecture paper = Architecture.paper(config.layers(), inputDim);
        return new Architecture(inputDim,
                config.latent().isEmpty() ? paper.latent() : config.latent(),
                config.hidden().isEmpty() ? paper.hidden() : config.hidden(),
                paper.deterministicLayers());
    }
}
