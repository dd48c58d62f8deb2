package org.iwae4j.api;

import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.RunRecord;
import org.iwae4j.run.RunDirectory;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Optional;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;

/** A model restored from one of a run's checkpoints, for evaluation, export and plots. */
public record TrainedModel(RunRecord record, Autoencoder model, int epoch, Path checkpoint) {

    /** From {@code checkpoint}, or the run's newest intact checkpoint when empty. */
    public static TrainedModel load(RunDirectory run, Optional<Path> checkpoint, NDManager manager,
            java.util.function.Consumer<String> warnings) {
        RunRecord record = run.readRecord();
        Path file = checkpoint.orElseGet(() -> run.latestIntactCheckpoint(warnings)
                .orElseThrow(() -> new UserError(run.root() + " has no intact checkpoint yet (train it first)")));
        Checkpoint.Loaded loaded = Checkpoint.read(file, manager);
        Parameters parameters = Parameters.restored(manager, loaded.parameters());
        Autoencoder model = new Autoencoder(record.architecture(), parameters,
                new float[record.architecture().inputDim()]);
        return new TrainedModel(record, model, loaded.state().epoch(), file);
    }
}
