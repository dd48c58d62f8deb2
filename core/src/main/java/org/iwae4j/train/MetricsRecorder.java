package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;

/** Appends each epoch's metrics to the run's metrics.jsonl. */
public final class MetricsRecorder implements TrainingListener {
    private final MetricsLog log;

    /** @param log the run's metrics log, holding the epochs before this session */
    public MetricsRecorder(MetricsLog log) {
        this.log = log;
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
        log.append(metrics);
    }
}
