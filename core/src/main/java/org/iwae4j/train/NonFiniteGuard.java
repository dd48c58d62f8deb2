package org.iwae4j.train;

import org.iwae4j.config.NonFinitePolicy;

/** The non-finite policy: a step whose bound or gradient is not finite stops the run or is skipped and counted. */
final class NonFiniteGuard {
    private final NonFinitePolicy policy;
    private final ProgressListener progress;
    private long skipped;

    NonFiniteGuard(NonFinitePolicy policy, ProgressListener progress) {
        this.policy = policy;
        this.progress = progress;
    }

    /** Throws under STOP when the step was not applied; counts it under SKIP. */
    void check(TrainingStep.Result result, int epoch, int step) {
        if (result.applied()) {
            return;
        }
        if (policy == NonFinitePolicy.STOP) {
            throw new NonFiniteException(result.fault(), epoch, step);
        }
        skipped++;
        progress.message(result.fault() + " at epoch " + epoch + ", step " + step + ": step skipped");
    }

    /** @return the steps skipped since the last call, then starts counting anew */
    long takeSkipped() {
        long n = skipped;
        skipped = 0;
        return n;
    }
}
