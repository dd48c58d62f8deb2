package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.LogWeights;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** The KL of each unit and the mutual information estimate, against closed forms. */
class PosteriorCollapseTest {
    /**
     * h ~ N(0, 1), x = h + N(0, tau^2) per unit: the exact posterior is N(x / (1 + tau^2), tau^2 / (1 + tau^2)),
     * the aggregate posterior is the prior, and I(x; h) = 1/2 log((1 + tau^2) / tau^2) per unit.
     */
    @Test
    void mutualInformationIsCloseToItsAnalyticValueOnALinearGaussianModel() {
        double[] tau2 = {0.25, 1.0, 100.0};
        int n = 3000;
        int d = tau2.length;
        double[] means = new double[n * d];
        double[] logSigmas = new double[n * d];
        Random random = new Random(11);
        double exact = 0;
        for (int u = 0; u < d; u++) {
            exact += 0.5 * Math.log((1 + tau2[u]) / tau2[u]);
        }
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                double h = random.nextGaussian();
                double x = h + Math.sqrt(tau2[u]) * random.nextGaussian();
                means[i * d + u] = x / (1 + tau2[u]);
                logSigmas[i * d + u] = 0.5 * Math.log(tau2[u] / (1 + tau2[u]));
            }
        }
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            double mi = CollapseMeasure.mutualInformation(means, logSigmas, n, d, manager, new SeededRandom(4));
            assertEquals(exact, mi, 0.06, "analytic " + exact);
            // a posterior that ignores x carries no information
            double[] noInformation = new double[n * d];
            double none = CollapseMeasure.mutualInformation(noInformation, new double[n * d], n, d, manager,
                    new SeededRandom(4));
            assertEquals(0.0, none, 1e-9);
        }
    }

    @Test
    void theKlOfEachUnitSumsToTheKlTermOfTheOneLayerModel() {
        checkAgainstMonteCarlo(TinyModels.oneLayer(16, 8, 3), 0.05);
    }

    @Test
    void theKlOfEachUnitSumsToTheKlTermOfTheTwoLayerModel() {
        checkAgainstMonteCarlo(TinyModels.twoLayer(16), 0.2); // the lower layer is Monte Carlo too (spread ~0.06 over seeds)
    }

    /**
     * The sum over units and layers against E_q[log q(h | x) - log p(h)] estimated from many
     * samples of the model's own log densities.
     */
    private static void checkAgainstMonteCarlo(Architecture architecture, double tolerance) {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(5);
            Autoencoder model = new Autoencoder(architecture, Parameters.initialized(manager), new float[16]);
            BinarizedSet set = Binarization.fixed(TinyModels.images("toy", 40, 4, 3), 5);
            PosteriorCollapse c = CollapseMeasure.measure(model, set, manager, new SeededRandom(2));
            double sum = 0;
            for (int l = 0; l < c.klPerUnit().size(); l++) {
                assertEquals(architecture.latent().get(l), c.klPerUnit().get(l).length);
                for (double kl : c.klPerUnit().get(l)) {
                    sum += kl;
                    if (l == c.klPerUnit().size() - 1) {
                        assertTrue(kl >= 0, "a KL to the prior is not negative: " + kl);
                    }
                }
            }
            assertEquals(sum, c.kl(), 1e-9);
            Torch.seed(9);
            LogWeights w = model.logWeights(set.rows(manager, 0, set.count()), 20000, manager);
            NDArray term = w.logPosterior().sub(w.logPrior());
            double monteCarlo = term.mean().getFloat();
            assertEquals(monteCarlo, c.kl(), tolerance, "Monte Carlo KL term " + monteCarlo);
            assertTrue(c.mutualInformation() >= -0.05 && c.mutualInformation() <= Math.log(set.count()) + 1e-9,
                    "MI " + c.mutualInformation());
        }
    }
}
