package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.iwae4j.common.UserError;

/**
 * MIWAE (Rainforth et al. 2018): the mean of m IWAE bounds, each over its own group of k samples.
 * m = 1 is IWAE, k = 1 the ELBO with m samples; between them it trades bound tightness for a
 * better encoder gradient.
 */
public final class MiwaeBound implements Objective {
    private final int groups;

    public MiwaeBound(int groups) {
        if (groups < 1) {
            throw new org.iwae4j.common.InvalidParameterException("m", "m must be at least 1, got " + groups);
        }
        this.groups = groups;
    }

    @Override
    public String name() {
        return "miwae";
    }

    @Override
    public int samplesFor(int k) {
        return groups * k;
    }

    /** [m*k, B] as [m, k, B]: samples of group g are rows g*k .. g*k+k-1. */
    private NDArray grouped(NDArray logWeights) {
        Shape s = logWeights.getShape();
        return logWeights.reshape(groups, s.get(0) / groups, s.get(1));
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        return LogMath.logMeanExp(grouped(logWeights), 1).mean(new int[] {0});
    }

    /** Normalized weights within each group, divided by m. */
    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        return grouped(logWeights.stopGradient()).softmax(1).divi(groups).reshape(logWeights.getShape());
    }

    @Override
    public NDArray doublyReparameterizedWeights(NDArray logWeights) {
        return grouped(logWeights.stopGradient()).softmax(1).square().divi(groups).reshape(logWeights.getShape());
    }
}
