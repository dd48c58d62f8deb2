package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;

/** The ELBO (Kingma &amp; Welling 2014): the mean of log w over the k samples. */
public final class VaeBound implements Objective {
    @Override
    public String name() {
        return "vae";
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        return logWeights.mean(new int[] {0});
    }

    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        return logWeights.stopGradient().onesLike().divi(logWeights.getShape().get(0));
    }
}
