package org.iwae4j.train;

import java.util.List;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.run.EpochMetrics;

/**
 * The best validation bound so far and the early-stopping rule. An epoch is better when its
 * validation bound exceeds the best so far by more than {@code minDelta} (a missing, NaN, bound
 * never is); the best epoch is the last better one. With patience P, training ends after the epoch
 * at which P epochs have passed without a better one, counted from the end of the warm-up (during
 * the warm-up the trained bound is not yet the validated one). Rebuilt from metrics.jsonl on resume,
 * so a resumed run stops where an uninterrupted one does.
 */
public final class EarlyStopping {
    private final double minDelta;
    private int bestEpoch;
    private double bestBound = Double.NaN;

    /** @param minDelta the least improvement, in nats, that counts */
    public EarlyStopping(double minDelta) {
        this.minDelta = minDelta;
    }

    /**
     * @param history the epochs recorded before, in order
     * @param minDelta the least improvement that counts
     * @return the state after replaying them
     */
    public static EarlyStopping replay(List<EpochMetrics> history, double minDelta) {
        EarlyStopping best = new EarlyStopping(minDelta);
        history.forEach(m -> best.observe(m.epoch(), m.valBound()));
        return best;
    }

    /**
     * @param epoch the epoch
     * @param valBound its validation bound
     * @return whether it is the new best epoch
     */
    public boolean observe(int epoch, double valBound) {
        if (Double.isNaN(valBound) || (bestEpoch > 0 && !(valBound > bestBound + minDelta))) {
            return false;
        }
        bestEpoch = epoch;
        bestBound = valBound;
        return true;
    }

    /** @return the best epoch so far, 0 before any validation bound */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the best validation bound so far, NaN before any */
    public double bestBound() {
        return bestBound;
    }

    /**
     * @param config the run's patience and warm-up
     * @param epoch an epoch just finished, with the best epoch up to it
     * @param bestEpoch the best epoch up to {@code epoch}
     * @return whether training ends after {@code epoch}
     */
    public static boolean stopsAfter(TrainConfig config, int epoch, int bestEpoch) {
        return config.earlyStop() > 0 && epoch < config.epochs()
                && epoch - Math.max(bestEpoch, config.warmup()) >= config.earlyStop();
    }

    /**
     * @param config the run's patience and warm-up
     * @param metrics an epoch's metrics, with its best epoch
     * @return whether training ends after that epoch
     */
    public static boolean stopsAfter(TrainConfig config, EpochMetrics metrics) {
        return stopsAfter(config, metrics.epoch(), metrics.bestEpoch());
    }
}
