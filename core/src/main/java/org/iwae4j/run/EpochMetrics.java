package org.iwae4j.run;

/**
 * One line of metrics.jsonl. Bounds are per-example means in nats (higher is better): the
 * training bound is the running mean over the epoch's minibatches, the validation bound is the
 * run's objective with the run's k on the fixed-binarized validation images. {@code skippedSteps}
 * counts steps dropped for a non-finite bound or gradient (with --on-non-finite skip).
 */
public record EpochMetrics(
        int epoch,
        double lr,
        double trainBound,
        double valBound,
        double seconds,
        double elapsedSeconds,
        long steps,
        double examplesPerSecond,
        long skippedSteps) {}
