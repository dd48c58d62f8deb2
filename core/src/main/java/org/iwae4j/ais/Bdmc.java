package org.iwae4j.ais;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;

/**
 * Bidirectional Monte Carlo (Grosse, Ghahramani and Adams 2015; Wu et al. 2017): on pairs (h, x)
 * simulated from the model, h is an exact draw from p(h | x). Forward AIS from p_0 gives a
 * stochastic lower bound of log p(x), reverse AIS started at the exact h a stochastic upper bound;
 * the gap between them bounds the error of AIS with the same settings on such data.
 */
public final class Bdmc {
    private Bdmc() {}

    /**
     * The bounds at one number of intermediate distributions.
     *
     * @param steps intermediate distributions
     * @param lower per simulated example, forward AIS (log of the mean weight)
     * @param upper per simulated example, reverse AIS (-log of the mean reverse weight)
     * @param forwardAcceptance mean acceptance of the forward transitions
     * @param reverseAcceptance mean acceptance of the reverse transitions
     * @param seconds wall time of the pilot, forward and reverse runs
     */
    public record Bounds(int steps, double[] lower, double[] upper, double forwardAcceptance, double reverseAcceptance,
            double seconds) {
        /** @return mean over examples of the lower bound */
        public double meanLower() {
            return mean(lower);
        }

        /** @return mean over examples of the upper bound */
        public double meanUpper() {
            return mean(upper);
        }

        /** @return mean over examples of upper - lower */
        public double gap() {
            return meanUpper() - meanLower();
        }

        private static double mean(double[] values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }
    }

    /**
     * Simulates {@code n} pairs and runs forward and reverse AIS at each number of steps.
     *
     * @param model the model (a constant copy is made)
     * @param n simulated pairs
     * @param settings chains, leapfrog steps, start and schedule (its number of steps is replaced)
     * @param stepsList the numbers of intermediate distributions, e.g. 100, 500, 2000
     * @param seed the seed of the simulation and the chains
     * @param manager the parent manager
     * @param progress told how many of the (steps x examples) runs are done
     * @return the bounds per number of steps, in the order given
     */
    public static List<Bounds> run(Autoencoder model, int n, AisSettings settings, int[] stepsList, long seed,
            NDManager manager, IntConsumer progress) {
        org.iwae4j.common.InvalidParameterException.require(n >= 1, "n", "must be at least 1, got " + n);
        List<Bounds> result = new ArrayList<>();
        SeededRandom rng = new SeededRandom(seed);
        try (NDManager constants = manager.newSubManager()) {
            Autoencoder fixed = model.constantCopy(constants);
            Torch.seed(rng.nextTorchSeed());
            List<NDArray> codes = fixed.priorDraws(new Shape(n), constants);
            NDArray x = fixed.sampleImages(codes.get(0), constants);
            NDArray exact = AnnealedDensity.join(codes);
            int per = settings.examplesPerPass();
            int done = 0;
            for (int steps : stepsList) {
                AisSettings s = settings.withSteps(steps);
                long start = System.nanoTime();
                double[] lower = new double[n];
                double[] upper = new double[n];
                double forwardAcceptance = 0;
                double reverseAcceptance = 0;
                for (int from = 0; from < n; from += per) {
                    int to = Math.min(n, from + per);
                    try (NDManager scope = constants.newSubManager()) {
                        NDArray xs = x.get(from + ":" + to);
                        xs.attach(scope);
                        NDArray hs = exact.get(from + ":" + to).expandDims(0).repeat(0, s.chains());
                        hs.attach(scope);
                        SeededRandom block = new SeededRandom(rng.nextLong());
                        float[][] tuned = AnnealedImportanceSampling.pilot(fixed, xs, s, new SeededRandom(block.nextLong()),
                                scope);
                        AnnealedImportanceSampling.Sweep forward = AnnealedImportanceSampling.forward(fixed, xs, s,
                                s.chains(), copy(tuned), block, scope);
                        AnnealedImportanceSampling.Sweep reverse = AnnealedImportanceSampling.reverse(fixed, xs, hs, s,
                                copy(tuned), block, scope);
                        double[] low = forward.logMeanWeights();
                        double[] high = reverse.logMeanWeights();
                        for (int b = 0; b < to - from; b++) {
                            lower[from + b] = low[b];
                            upper[from + b] = -high[b];
                            forwardAcceptance += forward.acceptance()[b] / n;
                            reverseAcceptance += reverse.acceptance()[b] / n;
                        }
                    }
                    done += to - from;
                    progress.accept(done);
                }
                result.add(new Bounds(steps, lower, upper, forwardAcceptance, reverseAcceptance,
                        (System.nanoTime() - start) / 1e9));
            }
        }
        return result;
    }

    private static float[][] copy(float[][] sizes) {
        float[][] c = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            c[i] = sizes[i].clone();
        }
        return c;
    }
}
