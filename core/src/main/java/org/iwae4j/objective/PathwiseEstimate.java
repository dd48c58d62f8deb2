package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.model.SamplePass;

/** Shared by the reparameterization and STL estimators: they differ only in the log weights they differentiate. */
final class PathwiseEstimate {
    private PathwiseEstimate() {}

    static GradientEstimator.Estimate of(SamplePass pass, Objective objective, NDArray differentiated) {
        Objective encoder = objective.encoderObjective();
        if (encoder == objective) {
            NDArray bound = objective.bound(differentiated);
            return new GradientEstimator.Estimate(bound, bound);
        }
        NDArray values = differentiated.stopGradient();
        NDArray surrogate = encoder.bound(differentiated)
                .add(GradientEstimator.decoderCorrection(pass, objective, values, encoder.sampleWeights(values)));
        return new GradientEstimator.Estimate(objective.bound(values), surrogate);
    }
}
