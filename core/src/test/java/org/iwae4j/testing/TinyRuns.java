package org.iwae4j.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Torch;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.config.NonFinitePolicy;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.train.Trainer;
import org.iwae4j.train.TrainingListener;

/** Real training runs on tiny synthetic data, for tests of the loop, checkpoints and the CLI. */
public final class TinyRuns {
    private TinyRuns() {}

    public static final DatasetSplits DATA = new DatasetSplits("toy",
            TinyModels.images("train", 120, 4, 1), TinyModels.images("validation", 20, 4, 2),
            TinyModels.images("test", 30, 4, 3));

    public static TrainConfig config(String model, int k, int epochs, long seed) {
        return config(model, k, epochs, seed, NonFinitePolicy.STOP);
    }

    public static TrainConfig config(String model, int k, int epochs, long seed, NonFinitePolicy onNonFinite) {
        return tiny(model, k, epochs, seed).latent(3).keepCheckpoints(2).onNonFinite(onNonFinite).validate();
    }

    private static TrainConfig tiny(String model, int k, int epochs, long seed) {
        return TrainConfig.defaults().dataset("toy").model(model).k(k).hidden(8).epochs(epochs).learningRate(3e-3)
                .batchSize(10).seed(seed).threads(1).device(ComputeDevice.CPU);
    }

    /** A run with a 2-D latent space, for the latent-space and posterior plots. */
    public static TrainConfig latent2(String model, int k, int epochs, long seed) {
        return tiny(model, k, epochs, seed).latent(2).validate();
    }

    public static RunRecord record(TrainConfig config) {
        return new RunRecord(config, TinyModels.oneLayer(16, config.hidden().get(0), config.latent().get(0)), Map.of(),
                Provenance.now(1, "cpu", List.of("test")));
    }

    /** Trains a fresh run in {@code dir} (created). */
    public static List<EpochMetrics> train(Path dir, TrainConfig config) {
        return TrainingRun.start(dir, config, DATA, Map.of(), ProgressListener.SILENT, List.of("test"));
    }

    /** Resumes the run in {@code dir} with a (possibly larger) epoch count. */
    public static List<EpochMetrics> resume(Path dir, int epochs) {
        return TrainingRun.resume(dir, epochs, config -> DATA, ProgressListener.SILENT);
    }

    /**
     * @param checkpoint a checkpoint file
     * @return all its parameters, concatenated in their order
     */
    public static float[] parametersOf(Path checkpoint) {
        return concatenated(checkpoint, false);
    }

    /**
     * @param runDir a run directory
     * @return all parameters of its newest checkpoint, concatenated
     */
    public static float[] finalParameters(Path runDir) {
        return parametersOf(newestCheckpoint(runDir));
    }

    /**
     * @param runDir a run directory
     * @return all parameters of its newest checkpoint, then the optimizer's state, concatenated
     */
    public static float[] finalState(Path runDir) {
        return concatenated(newestCheckpoint(runDir), true);
    }

    /**
     * @param runDir a run directory
     * @return its newest checkpoint
     */
    public static Path newestCheckpoint(Path runDir) {
        List<Path> checkpoints = RunDirectory.open(runDir).checkpoints();
        return checkpoints.get(checkpoints.size() - 1);
    }

    private static float[] concatenated(Path checkpoint, boolean withOptimizerState) {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Checkpoint.Loaded loaded = Checkpoint.read(checkpoint, manager);
            List<NDArray> arrays = new java.util.ArrayList<>(loaded.parameters());
            if (withOptimizerState) {
                arrays.addAll(loaded.optimizerState());
            }
            float[] all = new float[0];
            for (NDArray a : arrays) {
                float[] values = a.toFloatArray();
                float[] joined = java.util.Arrays.copyOf(all, all.length + values.length);
                System.arraycopy(values, 0, joined, all.length, values.length);
                all = joined;
            }
            return all;
        }
    }
}
