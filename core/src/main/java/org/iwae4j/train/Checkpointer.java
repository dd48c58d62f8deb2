package org.iwae4j.train;

import java.util.HashSet;
import java.util.Set;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.optim.LearningRateSchedule;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.RunDirectory;

/**
 * Writes a checkpoint every {@code checkpointEvery} epochs, at each stage end of the schedule and
 * after the last epoch (also the one early stopping ends on), after checking that every parameter is finite; keeps the newest
 * {@code keepCheckpoints} and every stage end.
 */
public final class Checkpointer implements TrainingListener {
    private final RunDirectory run;
    private final TrainConfig config;
    private final LearningRateSchedule schedule;
    private final Set<Integer> stageEnds = new HashSet<>();

    /**
     * @param run where checkpoints go
     * @param config the run's configuration (epochs, checkpoint cadence and count, schedule)
     */
    public Checkpointer(RunDirectory run, TrainConfig config) {
        this.run = run;
        this.config = config;
        this.schedule = config.learningRates();
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
        int epoch = metrics.epoch();
        if (schedule.isStageEnd(epoch)) {
            stageEnds.add(epoch);
        }
        if (epoch % config.checkpointEvery() != 0 && !schedule.isStageEnd(epoch) && epoch != config.epochs()
                && !EarlyStopping.stopsAfter(config, metrics)) {
            return;
        }
        if (!state.parametersFinite()) {
            throw new NonFiniteException("non-finite parameters at the end of epoch " + epoch
                    + "; not checkpointed, the last checkpoint is intact");
        }
        state.writeCheckpoint(run.checkpointFor(epoch));
        run.pruneCheckpoints(config.keepCheckpoints(), stageEnds);
    }
}
