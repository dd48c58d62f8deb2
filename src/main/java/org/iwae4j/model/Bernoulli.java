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
}
