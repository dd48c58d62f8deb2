package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.model.SamplePass;

/**
 * DReG (Tucker, Lawson, Gu &amp; Maddison 2018): for the encoder, sum_i w~_i^2 d log w_i / d h_i *
 * d h_i / d phi with q's parameters held fixed, an unbiased IWAE gradient whose signal-to-noise
 * ratio does not decay with k; for the decoder, the standard IWAE gradient.
 */
public final class DoublyReparameterized implements GradientEstimator {
    @Override
    public String name() {
        return "dreg";
    }

    @Override
    public Estimate estimate(SamplePass pass, Objective objective) {
        NDArray values = pass.logWeights().total().stopGradient();
        NDArray encoderWeights = objective.encoderObjective().doublyReparameterizedWeights(values);
        NDArray pathwise = pass.logJoint().sub(pass.logPosteriorPathwise());
        NDArray surrogate = encoderWeights.mul(pathwise).sum(new int[] {0})
                .add(GradientEstimator.decoderCorrection(pass, objective, values, encoderWeights));
        return new Estimate(objective.bound(values), surrogate);
    }
}
