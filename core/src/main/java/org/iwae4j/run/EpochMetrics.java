package org.iwae4j.run;

/**
 * One line of metrics.jsonl. Bounds are per-example means in nats (higher is better): the
 * training bound is the running mean over the epoch's minibatches, the validation bound is the
 * run's objective with the run's k on the fixed-binarized validation images. {@code skippedSteps}
 * counts steps dropped for a non-finite bound or gradient (with --on-non-finite skip).
 * {@code klWeight} is the KL warm-up weight of the epoch's last step (the training bound of a warm-up
 * epoch is the weighted one; the validation bound never is), 1 without warm-up and in files
 * written before it existed; {@code bestEpoch} is the epoch with the best validation bound so far
 * (0 when unknown: no validation images, or a file written before it was recorded).
 *
 * @param epoch the epoch, from 1
 * @param lr its learning rate
 * @param trainBound the running mean of the training bound over its minibatches
 * @param valBound the bound on the validation images (NaN without them)
 * @param seconds the epoch's wall time
 * @param elapsedSeconds the run's wall time up to the epoch's end
 * @param steps the optimizer steps of the epoch
 * @param examplesPerSecond training throughput of the epoch
 * @param skippedSteps steps dropped for a non-finite bound or gradient
 * @param klWeight the KL warm-up weight of the last step; null (older files) reads as 1
 * @param bestEpoch the epoch with the best validation bound so far; null (older files) reads as 0
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
        long skippedSteps,
        Double klWeight,
        Integer bestEpoch) {
    /** Fills what older files lack. */
    public EpochMetrics {
        klWeight = klWeight == null ? 1.0 : klWeight;
        bestEpoch = bestEpoch == null ? 0 : bestEpoch;
    }

    /**
     * @param best the epoch with the best validation bound so far
     * @return a copy with it
     */
    public EpochMetrics withBestEpoch(int best) {
        return new EpochMetrics(epoch, lr, trainBound, valBound, seconds, elapsedSeconds, steps, examplesPerSecond,
                skippedSteps, klWeight, best);
    }
}
