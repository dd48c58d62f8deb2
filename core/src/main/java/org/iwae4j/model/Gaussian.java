package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import org.iwae4j.common.Torch;

/** Diagonal Gaussian densities and reparameterized samples; densities are summed over the last axis. */
public final class Gaussian {
    static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Gaussian() {}

    /** z = mean + exp(logSigma) * eps; eps may carry extra leading (sample) axes. */
    public static NDArray sample(NDArray mean, NDArray logSigma, NDArray eps) {
        return eps.mul(logSigma.exp()).addi(mean);
    }

    /** log N(z; mean, exp(logSigma)^2). */
    public static NDArray logDensity(NDArray z, NDArray mean, NDArray logSigma) {
        NDArray standardized = z.sub(mean).mul(logSigma.neg().exp());
        return standardizedLogDensity(standardized, logSigma);
    }

    /**
     * log q(z) for z = mean + sigma * eps, computed from eps itself: the same value as
     * {@link #logDensity} with one subtraction and division fewer.
     */
    public static NDArray logDensityOfNoise(NDArray eps, NDArray logSigma) {
        return standardizedLogDensity(eps, logSigma);
    }

    /** log N(z; 0, I). */
    public static NDArray standardLogDensity(NDArray z) {
        long dim = z.getShape().tail();
        return Torch.times(z.square().sum(new int[] {-1}), -0.5f).subi((float) (dim * HALF_LOG_TWO_PI));
    }

    /**
     * KL(N(mean, sigma^2) || N(0, 1)) of each unit, not summed: (mean^2 + sigma^2 - 1) / 2 - log sigma.
     *
     * @param mean the means [..., units]
     * @param logSigma the log standard deviations, same shape
     * @return the KL of each unit, same shape
     */
    public static NDArray klToStandardPerUnit(NDArray mean, NDArray logSigma) {
        return mean.square().add(logSigma.mul(2).exp()).sub(1).mul(0.5).sub(logSigma);
    }

    /**
     * log N(z; mean, sigma^2) of each unit, not summed.
     *
     * @param z the points [..., units]
     * @param mean the means, broadcastable to z
     * @param logSigma the log standard deviations, broadcastable to z
     * @return the log density of each unit
     */
    public static NDArray logDensityPerUnit(NDArray z, NDArray mean, NDArray logSigma) {
        NDArray standardized = z.sub(mean).mul(logSigma.neg().exp());
        return standardized.square().mul(-0.5).sub(logSigma).sub(HALF_LOG_TWO_PI);
    }

    private static NDArray standardizedLogDensity(NDArray eps, NDArray logSigma) {
        long dim = eps.getShape().tail();
        NDArray quadratic = Torch.times(eps.square().sum(new int[] {-1}), -0.5f);
        NDArray logDet = logSigma.sum(new int[] {-1});
        return quadratic.subi(logDet).subi((float) (dim * HALF_LOG_TWO_PI));
    }
}
