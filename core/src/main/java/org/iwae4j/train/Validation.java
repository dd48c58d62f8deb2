package org.iwae4j.train;

import org.iwae4j.common.SeededRandom;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.eval.ObjectiveOnSet;
import org.iwae4j.objective.Objective;

/**
 * The validation bound after each epoch: the run's own objective and k on fixed binary images, with
 * samples from a generator split off the run's (so a resumed run draws the same).
 */
public final class Validation {
    private final BinarizedSet images;
    private final Objective objective;
    private final int samples;

    /**
     * @param images the validation images, binarized once; may be empty
     * @param objective the run's bound
     * @param samples samples per example
     */
    public Validation(BinarizedSet images, Objective objective, int samples) {
        this.images = images;
        this.objective = objective;
        this.samples = samples;
    }

    /** @return whether there are no validation images (the bound is then NaN) */
    public boolean isEmpty() {
        return images.count() == 0;
    }

    /**
     * @param state the state after an epoch; its generator advances by one draw
     * @return the mean bound over the validation images, NaN when there are none
     */
    public double bound(TrainingState state) {
        SeededRandom rng = new SeededRandom(state.rng().nextLong());
        if (images.count() == 0) {
            return Double.NaN;
        }
        return ObjectiveOnSet.mean(state.model(), objective, samples, images, state.manager(), rng);
    }
}
