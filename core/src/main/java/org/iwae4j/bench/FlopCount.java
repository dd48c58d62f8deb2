package org.iwae4j.bench;

import org.iwae4j.model.Architecture;

/**
 * Multiply-add FLOPs of the dense layers (2 per MAC), the cost that dominates these models. The
 * first encoder block runs once per example, everything after it once per sample; backward costs
 * about twice the forward pass.
 */
public final class FlopCount {
    private FlopCount() {}

    public static double forwardPerExample(Architecture a, int k) {
        double once = 0;
        double perSample = 0;
        for (int i = 0; i < a.depth(); i++) {
            double encoder = block(a.below(i), a.hidden().get(i), a.deterministicLayers(), 2L * a.latent().get(i));
            double decoder = block(a.latent().get(i), a.hidden().get(i), a.deterministicLayers(),
                    i == 0 ? a.inputDim() : 2L * a.latent().get(i - 1));
            if (i == 0) {
                once += encoder;
            } else {
                perSample += encoder;
            }
            perSample += decoder;
        }
        return 2 * (once + k * perSample);
    }

    public static double trainingPerExample(Architecture a, int k) {
        return 3 * forwardPerExample(a, k);
    }

    /**
     * AIS from the prior: every HMC position (leapfrog + 1 per transition, T - 1 transitions, the
     * estimate's chains and the pilot's) costs one decoder pass and its backward pass to the codes
     * only (one more GEMM per layer, no weight gradients), about twice the forward pass.
     *
     * @param a the architecture
     * @param steps intermediate distributions T
     * @param chains the estimate's and the pilot's chains together
     * @param leapfrog leapfrog steps per transition
     * @return FLOPs per example
     */
    public static double aisPerExample(Architecture a, int steps, int chains, int leapfrog) {
        double decoder = 0;
        for (int i = 0; i < a.depth(); i++) {
            decoder += block(a.latent().get(i), a.hidden().get(i), a.deterministicLayers(),
                    i == 0 ? a.inputDim() : 2L * a.latent().get(i - 1));
        }
        return 2 * 2 * decoder * chains * (double) Math.max(1, steps - 1) * (leapfrog + 1);
    }

    private static double block(long in, long hidden, int layers, long out) {
        double macs = 0;
        long width = in;
        for (int j = 0; j < layers; j++) {
            macs += (double) width * hidden;
            width = hidden;
        }
        return macs + (double) width * out;
    }
}
