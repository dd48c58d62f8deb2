package org.iwae4j.objective;

import org.iwae4j.model.SamplePass;

/**
 * "Sticking the landing" (Roeder, Wu &amp; Duvenaud 2017): the reparameterization gradient without
 * the score term of q, i.e. q's density is evaluated with its parameters held fixed. Unbiased for
 * the ELBO, with zero variance when q is the true posterior; for k > 1 it is biased for IWAE.
 */
public final class StickingTheLanding implements GradientEstimator {
    @Override
    public String name() {
        return "stl";
    }

    @Override
    public Estimate estimate(SamplePass pass, Objective objective) {
        return PathwiseEstimate.of(pass, objective, pass.logJoint().sub(pass.logPosteriorPathwise()));
    }
}
