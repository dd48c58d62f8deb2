package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
/** Observes training progress (progress bars, logs); all methods are optional. */
public interface TrainingListener {
    /** Training will run epochs {@code firstEpoch..lastEpoch} of {@code stepsPerEpoch} steps each. */
    default void started(int firstEpoch, int lastEpoch, int stepsPerEpoch) {}

    /** After each step, with the mean training bound of the epoch so far. */
    default void stepDone(int epoch, double epochBoundSoFar) {}

    default void epochDone(EpochMetrics metrics) {}

    /** Informational messages, e.g. a skipped corrupt checkpoint. */
    default void message(String text) {}

    default void finished() {}

    TrainingListener SILENT = new TrainingListener() {};
}
