package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.model.SamplePass;

/**
 * Reweighted wake-sleep (Bornschein &amp; Bengio 2015): the decoder follows the bound's gradient,
 * sum_i w~_i grad log p(x, h_i); the encoder the wake-phase q update, sum_i w~_i grad log q(h_i | x)
 * with the samples held fixed (no reparameterization through q).
 */
public final class ReweightedWakeSleep implements GradientEstimator {
    @Override
    public String name() {
        return "rws";
    }

    @Override
    public Estimate estimate(SamplePass pass, Objective objective) {
        NDArray values = pass.logWeights().total().stopGradient();
        NDArray decoder = objective.sampleWeights(values).mul(pass.logJointOfFixedSamples());
        NDArray encoder = objective.encoderObjective().sampleWeights(values).mul(pass.logPosteriorOfFixedSamples());
        return new Estimate(objective.bound(values), decoder.add(encoder).sum(new int[] {0}));
    }
}
