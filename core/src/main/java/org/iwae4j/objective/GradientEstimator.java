package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.model.SamplePass;

/**
 * A way to estimate the gradient of a bound from one {@link SamplePass}: it returns the bound's
 * value and a surrogate whose gradient is the estimate (training ascends the surrogate's mean).
 */
public interface GradientEstimator {
    String name();

    Estimate estimate(SamplePass pass, Objective objective);

    /** Both [B]: the bound's value and the surrogate (equal for the plain reparameterization estimator). */
    record Estimate(NDArray bound, NDArray surrogate) {}

    /**
     * A term whose gradient moves the decoder from following {@code encoderWeights} to following
     * the objective's own sample weights: sum_i (c_i - a_i) log p(x, stop(h_i)). It carries no
     * encoder gradient, so split objectives and DReG keep the decoder on the bound's own gradient.
     */
    static NDArray decoderCorrection(SamplePass pass, Objective objective, NDArray logWeights, NDArray encoderWeights) {
        NDArray difference = objective.sampleWeights(logWeights).sub(encoderWeights);
        return difference.mul(pass.logJointOfFixedSamples()).sum(new int[] {0});
    }
}
