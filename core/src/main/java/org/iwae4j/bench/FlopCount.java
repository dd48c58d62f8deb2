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
