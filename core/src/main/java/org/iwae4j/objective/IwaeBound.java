package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;

/** The importance weighted bound (Burda et al. 2016): log (1/k) sum_i w_i, tighter as k grows. */
public final class IwaeBound implements Objective {
    @Override
    public String name() {
        return "iwae";
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        return LogMath.logMeanExp(logWeights, 0);
    }

    /** The normalized importance weights w_i / sum_j w_j. */
    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        return logWeights.stopGradient().softmax(0);
    }

    @Override
    public NDArray doublyReparameterizedWeights(NDArray logWeights) {
        return sampleWeights(logWeights).square();
    }
}
