package org.iwae4j.eval;

import java.util.List;

/**
 * Posterior-collapse diagnostics beside the active units: each latent unit's average
 * KL(q(h | x) || p(h)) over a set, and the mutual information I(x; h_1) between the inputs and the
 * first stochastic layer under the aggregate posterior q(h_1) = (1/N) sum_n q(h_1 | x_n), by the
 * standard estimator E_x[KL(q(h_1 | x) || p(h_1))] - KL(q(h_1) || p(h_1)) = E_x E_q[log q(h_1 | x) -
 * log q(h_1)], with one draw per input and q(h_1) the mixture of the posteriors of the whole set
 * (Hoffman &amp; Johnson 2016; He et al. 2019). A collapsed unit has KL near 0; a model whose KL is
 * large but whose MI is small encodes noise rather than its input.
 *
 * @param klPerUnit per stochastic layer, each unit's KL averaged over the set (nats)
 * @param kl the sum over all units: the ELBO's KL term averaged over the set
 * @param mutualInformation I(x; h_1) in nats; at most log n
 * @param n the examples measured
 */
public record PosteriorCollapse(List<double[]> klPerUnit, double kl, double mutualInformation, int n) {}
