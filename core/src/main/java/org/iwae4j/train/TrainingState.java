package org.iwae4j.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.optim.Adam;
import org.iwae4j.run.Checkpoint;

/**
 * What training changes and a checkpoint keeps: the model's parameters, the optimizer's moments
 * and step, the generator behind every random draw, the epochs done and the time spent. Restoring
 * all of it is what makes a resumed run repeat an uninterrupted one bit for bit. Not thread-safe.
 */
public final class TrainingState {
    private final Autoencoder model;
    private final Adam optimizer;
    private final SeededRandom rng;
    private final NDManager manager;
    private int epoch;
    private double elapsedSeconds;

    private TrainingState(Autoencoder model, Adam optimizer, SeededRandom rng, NDManager manager, int epoch,
            double elapsedSeconds) {
        this.model = model;
        this.optimizer = optimizer;
        this.rng = rng;
        this.manager = manager;
        this.epoch = epoch;
        this.elapsedSeconds = elapsedSeconds;
    }

    /**
     * A new model with Glorot-uniform weights drawn from the configuration's seed.
     *
     * @param config the run's configuration (seed)
     * @param architecture the model's sizes
     * @param pixelMeans the training images' mean pixel values (the output bias starts at their logits)
     * @param manager owns the arrays; closing it frees them
     * @return the state before the first epoch
     */
    public static TrainingState fresh(TrainConfig config, Architecture architecture, double[] pixelMeans,
            NDManager manager) {
        SeededRandom rng = new SeededRandom(config.seed());
        Torch.seed(rng.nextTorchSeed());
        Parameters parameters = Parameters.initialized(manager);
        return create(config, architecture, parameters, pixelMeans, rng, manager, 0, 0, null);
    }

    /**
     * The state a checkpoint holds.
     *
     * @param config the run's configuration
     * @param architecture the model's sizes
     * @param pixelMeans the training images' mean pixel values
     * @param checkpoint a checkpoint read into {@code manager}
     * @param manager owns the arrays
     * @return the state after the checkpoint's epoch
     */
    public static TrainingState restored(TrainConfig config, Architecture architecture, double[] pixelMeans,
            Checkpoint.Loaded checkpoint, NDManager manager) {
        Checkpoint.State saved = checkpoint.state();
        SeededRandom rng = new SeededRandom(config.seed());
        rng.restore(saved.rngState());
        Parameters parameters = Parameters.restored(manager, checkpoint.parameters());
        return create(config, architecture, parameters, pixelMeans, rng, manager, saved.epoch(), saved.elapsedSeconds(),
                checkpoint);
    }

    private static TrainingState create(TrainConfig config, Architecture architecture, Parameters parameters,
            double[] pixelMeans, SeededRandom rng, NDManager manager, int epoch, double elapsed,
            Checkpoint.Loaded checkpoint) {
        Autoencoder model = new Autoencoder(architecture, parameters, Autoencoder.outputBiasFor(pixelMeans));
        Adam adam = new Adam(List.copyOf(parameters.all()), parameters.manager(), config.optimizer().variant());
        if (checkpoint != null) {
            adam.restore(checkpoint.optimizerState(), checkpoint.state().adamStep());
        }
        return new TrainingState(model, adam, rng, manager, epoch, elapsed);
    }

    /** @return the model being trained */
    public Autoencoder model() {
        return model;
    }

    /** @return the optimizer */
    public Adam optimizer() {
        return optimizer;
    }

    /** @return the generator of every random draw of the run */
    public SeededRandom rng() {
        return rng;
    }

    /** @return the manager that owns the state's arrays */
    public NDManager manager() {
        return manager;
    }

    /** @return the epochs done */
    public int epoch() {
        return epoch;
    }

    /** @return seconds spent training, over all sessions of the run */
    public double elapsedSeconds() {
        return elapsedSeconds;
    }

    void finishEpoch(int finished, double seconds) {
        epoch = finished;
        elapsedSeconds += seconds;
    }

    /** @return whether every parameter is finite (checked before anything is saved) */
    public boolean parametersFinite() {
        return Adam.allFinite(List.copyOf(model.parameters().all()));
    }

    /**
     * Writes the whole state to a self-checking checkpoint file, atomically.
     *
     * @param file the checkpoint's path
     */
    public void writeCheckpoint(java.nio.file.Path file) {
        Checkpoint.write(file, new Checkpoint.State(epoch, optimizer.step(), rng.state(), elapsedSeconds),
                model.parameters().toNDList(), optimizer.state());
    }
}
