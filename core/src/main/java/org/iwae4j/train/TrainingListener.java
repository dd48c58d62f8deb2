package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;

/**
 * A piece of the training loop that acts after each epoch (saving metrics, checkpointing), in the
 * manner of DJL's training listeners. Listeners run in the order given to the {@link Trainer},
 * before the {@link ProgressListener} hears of the epoch.
 */
public interface TrainingListener {
    /**
     * @param state the model, optimizer and generator after the epoch
     * @param metrics the epoch's metrics
     */
    void onEpochEnd(TrainingState state, EpochMetrics metrics);
}
