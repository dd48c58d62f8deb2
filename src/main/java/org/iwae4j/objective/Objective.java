package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;

/**
 * A stochastic lower bound on log p(x), estimated from k log importance weights per example.
 * Training maximizes its mean over a minibatch.
 */
public interface Objective {
    /** The name used on the command line and in results. */
    String name();

    /** Per-example bound estimates [B] from log weights [k, B]. */
    NDArray bound(NDArray logWeights);
}
