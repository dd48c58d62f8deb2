package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;

/**
 * The Renyi (variational Renyi, Li &amp; Turner 2016) bound L_alpha = 1/(1-alpha) log (1/k) sum_i
 * w_i^(1-alpha): alpha = 0 is IWAE, alpha -> 1 the ELBO (used at alpha = 1 exactly). A lower
 * bound for alpha >= 0.
 */
public final class RenyiBound implements Objective {
    private final float alpha;

    public RenyiBound(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new org.iwae4j.common.InvalidParameterException("alpha", "alpha must be finite and at least 0 (a lower bound), got " + alpha);
        }
        this.alpha = (float) alpha;
    }

    @Override
    public String name() {
        return "vr";
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        if (alpha == 1f) {
            return logWeights.mean(new int[] {0});
        }
        return Torch.times(LogMath.logMeanExp(Torch.times(logWeights, 1 - alpha), 0), 1 / (1 - alpha));
    }

    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        if (alpha == 1f) {
            return new VaeBound().sampleWeights(logWeights);
        }
        return logWeights.stopGradient().mul(1 - alpha).softmax(0);
    }
}
