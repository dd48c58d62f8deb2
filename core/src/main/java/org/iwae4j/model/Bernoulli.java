package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Bernoulli likelihood parameterized by logits, in the overflow-free softplus form. */
public final class Bernoulli {
    private Bernoulli() {}

    /**
     * log p(x | logits) = sum over the last axis of x*l - softplus(l); x broadcasts against logits
     * (x is [B, D], logits [k, B, D]). Exact for any x in [0, 1], no clipping of probabilities.
     */
    public static NDArray logLikelihood(NDArray x, NDArray logits) {
        return logits.mul(x).subi(Activation.softPlus(logits)).sum(new int[] {-1});
    }

    /** 1 - 2x for binary x: +1 where x = 0, -1 where x = 1. */
    public static NDArray signs(NDArray binaryX) {
        return binaryX.mul(-2f).addi(1f);
    }

    /**
     * The same log-likelihood for binary x, given {@link #signs}: x*l - softplus(l) equals
     * -softplus((1 - 2x) * l) when x is 0 or 1. One pass over the [k, B, D] logits fewer, which is
     * most of the elementwise work at large k.
     */
    public static NDArray logLikelihoodOfBinary(NDArray signs, NDArray logits) {
        return Activation.softPlus(logits.mul(signs)).sum(new int[] {-1}).neg();
    }
}
