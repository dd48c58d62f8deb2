package org.iwae4j.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.train.Trainer;
import org.iwae4j.train.TrainingListener;

/** Real training runs on tiny synthetic data, for tests of the loop, checkpoints and the CLI. */
public final class TinyRuns {
    private TinyRuns() {}

    public static final DatasetSplits DATA = new DatasetSplits("toy",
            TinyModels.images("train", 120, 4, 1), TinyModels.images("validation", 20, 4, 2),
            TinyModels.images("test", 30, 4, 3));

    public static TrainConfig config(String model, int k, int epochs, long seed) {
        return config(model, k, epochs, seed, TrainConfig.STOP);
    }

    public static TrainConfig config(String model, int k, int epochs, long seed, String onNonFinite) {
        return new TrainConfig("toy", model, k, 1, List.of(3), List.of(8), epochs, "constant", 3e-3, 10, seed, 1,
                "cpu", 0, 1, 2, onNonFinite, "reparam", 1, 0.5, 0.5).validate();
    }

    /** A run with a 2-D latent space, for the latent-space and posterior plots. */
    public static TrainConfig latent2(String model, int k, int epochs, long seed) {
        return new TrainConfig("toy", model, k, 1, List.of(2), List.of(8), epochs, "constant", 3e-3, 10, seed, 1,
                "cpu", 0, 1, 3, TrainConfig.STOP, "reparam", 1, 0.5, 0.5).validate();
    }

    public static RunRecord record(TrainConfig config) {
        return new RunRecord(config, TinyModels.oneLayer(16, config.hidden().get(0), config.latent().get(0)), Map.of(),
                Provenance.now(1, "cpu", List.of("test")));
    }

    /** Trains a fresh run in {@code dir} (created). */
    public static List<EpochMetrics> train(Path dir, TrainConfig config) {
        RunDirectory run = RunDirectory.createFresh(dir);
        RunRecord record = record(config);
        run.writeRecord(record);
        return new Trainer(run, record, DATA, TrainingListener.SILENT).train(false);
    }

    /** Resumes the run in {@code dir} with a (possibly larger) epoch count. */
    public static List<EpochMetrics> resume(Path dir, int epochs) {
        RunDirectory run = RunDirectory.open(dir);
        RunRecord saved = run.readRecord();
        RunRecord record = new RunRecord(saved.config().withEpochs(epochs), saved.architecture(), saved.dataFiles(),
                saved.provenance());
        return new Trainer(run, record, DATA, TrainingListener.SILENT).train(true);
    }
}
