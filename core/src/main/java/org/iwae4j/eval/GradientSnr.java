package org.iwae4j.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.GradientEstimator;
import org.iwae4j.objective.Objective;

/**
 * Gradient signal-to-noise ratio (Rainforth et al. 2018): for a fixed minibatch and parameters,
 * draw the gradient many times, and per parameter take |mean| / standard deviation over the
 * draws; reported as the average over the encoder's and over the decoder's parameters.
 */
public final class GradientSnr {
    /**
     * Average SNR of the encoder (q) and decoder (p) parameters.
     *
     * @param encoder the mean SNR over the encoder's parameters (NaN when none varies)
     * @param decoder the mean SNR over the decoder's parameters (NaN when none varies)
     */
    public record Result(double encoder, double decoder) {}

    private GradientSnr() {}

    /**
     * Draws the gradient {@code draws} times for one minibatch and fixed parameters.
     *
     * @param model the model; its parameters' gradients are overwritten
     * @param objective the bound to differentiate
     * @param estimator how the gradient is estimated
     * @param k importance samples per example
     * @param batch the fixed minibatch
     * @param draws gradients to draw, at least 2
     * @param manager owns the temporary arrays
     * @param seed torch's seed for the first draw; draw d uses {@code seed + d}
     * @return the average SNR of the encoder and of the decoder
     */
    public static Result measure(Autoencoder model, Objective objective, GradientEstimator estimator, int k,
            BinarizedSet batch, int draws, NDManager manager, long seed) {
        Map<String, NDArray> parameters = model.parameters().byName();
        Map<String, double[]> sum = new java.util.LinkedHashMap<>();
        Map<String, double[]> sumSq = new java.util.LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            sum.put(name, new double[(int) p.size()]);
            sumSq.put(name, new double[(int) p.size()]);
        });
        for (int d = 0; d < draws; d++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = batch.rows(scope, 0, batch.count());
                Torch.seed(seed + d);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(estimator.estimate(model.sample(x, k, scope), objective).surrogate().mean());
                }
                for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                    try (NDArray grad = e.getValue().getGradient()) {
                        float[] g = grad.toFloatArray();
                        double[] s = sum.get(e.getKey());
                        double[] q = sumSq.get(e.getKey());
                        for (int i = 0; i < g.length; i++) {
                            s[i] += g[i];
                            q[i] += (double) g[i] * g[i];
                        }
                        grad.subi(grad); // libtorch accumulates: start the next draw from zero
                    }
                }
            }
        }
        return new Result(average(sum, sumSq, draws, "q"), average(sum, sumSq, draws, "p"));
    }

    /** Mean over the parameters whose name starts with {@code prefix} of |mean| / std. */
    private static double average(Map<String, double[]> sum, Map<String, double[]> sumSq, int draws, String prefix) {
        double total = 0;
        long count = 0;
        for (String name : sum.keySet()) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            double[] s = sum.get(name);
            double[] q = sumSq.get(name);
            for (int i = 0; i < s.length; i++) {
                double mean = s[i] / draws;
                double variance = Math.max(0, q[i] / draws - mean * mean) * draws / (draws - 1.0);
                if (variance > 0) {
                    total += Math.abs(mean) / Math.sqrt(variance);
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : total / count;
    }
}
