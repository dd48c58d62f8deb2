package org.iwae4j.model;

import ai.djl.ndarray.NDArray;

/**
 * The terms of the log importance weights, each [k, B]: log p(x | h_1), log p(h) (prior over all
 * stochastic layers) and log q(h | x).
 */
public record LogWeights(NDArray logLikelihood, NDArray logPrior, NDArray logPosterior) {
    /** log w = log p(x | h) + log p(h) - log q(h | x). */
    public NDArray total() {
        return logLikelihood.add(logPrior).subi(logPosterior);
    }
}
