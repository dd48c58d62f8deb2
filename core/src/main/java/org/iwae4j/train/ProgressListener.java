package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;

/**
 * Observes long work as it goes (progress bars, logs): training epochs and steps, evaluation
 * passes, and messages such as a skipped corrupt checkpoint. Every method is optional; the work's
 * thread calls them.
 */
public interface ProgressListener {
    /** Reports nothing. */
    ProgressListener SILENT = new ProgressListener() {};

    /**
     * Training will run epochs {@code firstEpoch..lastEpoch}.
     *
     * @param firstEpoch the first epoch to run, 1-based
     * @param lastEpoch the last epoch to run
     * @param stepsPerEpoch minibatches per epoch
     */
    default void started(int firstEpoch, int lastEpoch, int stepsPerEpoch) {}

    /**
     * After each training step.
     *
     * @param epoch the epoch
     * @param epochBoundSoFar the mean training bound of the epoch so far
     */
    default void stepDone(int epoch, double epochBoundSoFar) {}

    /**
     * After each training epoch.
     *
     * @param metrics the epoch's metrics
     */
    default void epochDone(EpochMetrics metrics) {}

    /**
     * An informational message, e.g. a skipped corrupt checkpoint or a skipped non-finite step.
     *
     * @param text one line
     */
    default void message(String text) {}

    /** Training ended normally. */
    default void finished() {}

    /**
     * An evaluation starts.
     *
     * @param examples the examples it will score
     */
    default void evaluationStarted(int examples) {}

    /**
     * After each evaluation pass.
     *
     * @param examplesDone examples scored so far
     */
    default void evaluated(int examplesDone) {}
}
