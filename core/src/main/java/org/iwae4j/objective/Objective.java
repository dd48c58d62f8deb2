package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.common.UserError;

/**
 * A stochastic lower bound on log p(x), estimated from k log importance weights per example.
 * Training maximizes its mean over a minibatch; a {@link GradientEstimator} decides which
 * gradient of it is followed.
 */
public interface Objective {
    /** @return the name used on the command line and in results */
    String name();

    /**
     * @param logWeights log importance weights [k, B]
     * @return the per-example bound estimates [B]
     */
    NDArray bound(NDArray logWeights);

    /**
     * How the bound weighs each sample, d bound / d log w_i, [k, B], as constants (no gradient):
     * 1/k for the ELBO, the normalized weights for IWAE.
     *
     * @param logWeights log importance weights [k, B]
     * @return the weights [k, B]
     */
    NDArray sampleWeights(NDArray logWeights);

    /** @return the bound that trains the encoder: the objective itself, except for split ones such as PIWAE */
    default Objective encoderObjective() {
        return this;
    }

    /**
     * The per-sample weights of the doubly reparameterized encoder gradient (Tucker et al. 2018),
     * [k, B], constants: the squared normalized weights for IWAE.
     *
     * @param logWeights log importance weights [k, B]
     * @return the weights [k, B]
     * @throws UserError for a bound without importance weights
     */
    default NDArray doublyReparameterizedWeights(NDArray logWeights) {
        throw new UserError("--estimator dreg needs an importance-weighted bound (iwae, miwae, piwae), not " + name());
    }

    /**
     * @param k the importance samples of the bound ({@code --k})
     * @return the samples drawn per example (MIWAE and PIWAE draw m groups of k)
     */
    default int samplesFor(int k) {
        return k;
    }
}
