package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.run.RunDirectory;

/**
 * Internal, not part of the front door: what the front door's types hold for the lower layers (a
 * run's model loaded into a manager the caller owns, its network, data made of the data package's
 * splits), for the CLI's commands, the plots, the evaluation steps and the tests. Programs using
 * the library load models with {@link TrainedModel#load(Path)} and data with {@link ImageData}.
 */
public final class RunModels {
    private RunModels() {}

    /**
     * A checkpoint of a run into a manager the caller owns (closing the model leaves it open).
     *
     * @param run the run directory
     * @param checkpoint a checkpoint, or empty for the newest intact one
     * @param manager owns the arrays
     * @param warnings hears of skipped corrupt checkpoints
     * @return the model
     */
    public static TrainedModel load(RunDirectory run, Optional<Path> checkpoint, NDManager manager,
            Consumer<String> warnings) {
        return TrainedModel.load(run, checkpoint, manager, warnings);
    }

    /**
     * @param model a loaded model
     * @return its network
     */
    public static Autoencoder network(TrainedModel model) {
        return model.model();
    }

    /**
     * @param splits training, validation and test images made by the data package
     * @return them as the front door's data
     */
    public static ImageData imageData(DatasetSplits splits) {
        return ImageData.of(splits);
    }
}
