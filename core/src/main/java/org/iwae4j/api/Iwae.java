package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.model.Architecture;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunRecord;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.train.Trainer;
import org.iwae4j.train.TrainingState;

/**
 * The library's front door: train a VAE or IWAE on images in memory or in a run directory, and
 * evaluate a run.
 *
 * <pre>{@code
 * ImageData data = ImageData.mnist(Path.of("data"));
 * TrainConfig config = TrainConfig.defaults().bound(Bound.IWAE).k(50).epochs(10);
 * try (TrainedModel model = Iwae.train(config, data, ProgressListener.SILENT)) {
 *     LogLikelihoodEstimate ll = model.logLikelihood(data.test(), 5000);
 * }
 * }</pre>
 *
 * <p>One training at a time per JVM: the engine has one global random generator and one open
 * gradient collector, and {@link TrainConfig#threads()} sets the engine's process-wide thread count.
 */
public final class Iwae {
    private Iwae() {}

    /**
     * Trains in memory; nothing is written unless the model is {@link TrainedModel#save saved}.
     *
     * @param config what to train; its dataset is replaced by the data's name
     * @param data the images
     * @param progress hears of steps, epochs and messages
     * @return the trained model; close it
     */
    public static TrainedModel train(TrainConfig config, ImageData data, ProgressListener progress) {
        Arguments.notNull(config, "config", data, "data", progress, "progress");
        config = config.dataset(data.splits().dataset()).validate();
        config = config.path(org.iwae4j.train.TrainingStep.resolve(config)); // a saved model resumes on this path
        Architecture architecture = config.architecture(data.train().dimension());
        org.iwae4j.config.MemoryEstimate.checkTraining(config, architecture, data.train().size());
        Torch.setThreads(config.effectiveThreads());
        NDManager manager = Torch.newManager(Torch.device(config.device()));
        try {
            TrainingState state = TrainingState.fresh(config, architecture, data.train().pixelMeans(), manager);
            List<EpochMetrics> metrics = new Trainer(config, data.splits(), progress, List.of()).fit(state);
            RunRecord record = new RunRecord(config, architecture, data.fileDigests(),
                    Provenance.now(config.effectiveThreads(), config.device().id(), List.of("Iwae.train")));
            return new TrainedModel(record, state.model(), state.epoch(), null, state, metrics, manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Trains a named dataset in a run directory (config.json, metrics.jsonl, checkpoints), as
     * {@code ./iwae train} does.
     *
     * @param config what to train, including the dataset's name
     * @param dataDir where the named datasets live
     * @param runDir a directory that holds no run yet
     * @param progress hears of steps, epochs and messages
     * @return the trained model, loaded from its last checkpoint; close it
     */
    public static TrainedModel train(TrainConfig config, Path dataDir, Path runDir, ProgressListener progress) {
        Arguments.notNull(config, "config", dataDir, "dataDir", runDir, "runDir", progress, "progress");
        TrainingRun.start(runDir, config, dataDir, progress, List.of("Iwae.train"));
        return TrainedModel.load(runDir);
    }

    /**
     * Continues a run directory from its newest intact checkpoint to its configured epochs, bit for
     * bit as if never stopped.
     *
     * @param runDir the run
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @return the model after the last epoch; close it
     */
    public static TrainedModel resume(Path runDir, Path dataDir, ProgressListener progress) {
        Arguments.notNull(runDir, "runDir", dataDir, "dataDir", progress, "progress");
        TrainingRun.resume(runDir, null, dataDir, progress);
        return TrainedModel.load(runDir);
    }

    /**
     * Continues a run directory from its newest intact checkpoint to {@code epochs} (more than it
     * was configured for extends it), bit for bit as if never stopped.
     *
     * @param runDir the run
     * @param epochs the epoch count to reach
     * @param dataDir where the named datasets live
     * @param progress hears of steps, epochs and messages
     * @return the model after the last epoch; close it
     */
    public static TrainedModel resume(Path runDir, int epochs, Path dataDir, ProgressListener progress) {
        Arguments.notNull(runDir, "runDir", dataDir, "dataDir", progress, "progress");
        TrainingRun.resume(runDir, epochs, dataDir, progress);
        return TrainedModel.load(runDir);
    }

    /**
     * Evaluates a run directory on one split and writes eval-SPLIT.json.
     *
     * @param runDir the run
     * @param options k, split, limit, seed
     * @param dataDir where the named datasets live
     * @param progress hears of passes done
     * @return the result
     */
    public static EvalResult evaluate(Path runDir, EvalConfig options, Path dataDir, ProgressListener progress) {
        Arguments.notNull(runDir, "runDir", options, "options", dataDir, "dataDir", progress, "progress");
        return Evaluation.run(runDir, options, dataDir, progress, List.of("Iwae.evaluate"));
    }
}
