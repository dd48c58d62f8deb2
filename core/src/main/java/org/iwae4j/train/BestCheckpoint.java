package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.RunDirectory;

/**
 * Keeps checkpoints/best.ckpt, the state after the epoch with the best validation bound, written
 * atomically whenever an epoch becomes the best. Runs before the {@link Checkpointer}, so that a
 * run resumed from an epoch's checkpoint has that epoch's best checkpoint too.
 */
public final class BestCheckpoint implements TrainingListener {
    private final RunDirectory run;

    /** @param run where checkpoints/best.ckpt goes */
    public BestCheckpoint(RunDirectory run) {
        this.run = run;
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
        if (metrics.bestEpoch() != metrics.epoch() || !state.parametersFinite()) {
            return;
        }
        state.writeCheckpoint(run.bestCheckpoint());
    }
}
