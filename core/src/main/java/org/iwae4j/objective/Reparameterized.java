package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.model.SamplePass;

/**
 * The plain reparameterization gradient (Kingma &amp; Welling 2014; Burda et al. 2016): differentiate
 * the bound through the samples and q's density alike.
 */
public final class Reparameterized implements GradientEstimator {
    @Override
    public String name() {
        return "reparam";
    }

    @Override
    public Estimate estimate(SamplePass pass, Objective objective) {
        return PathwiseEstimate.of(pass, objective, pass.logWeights().total());
    }
}
