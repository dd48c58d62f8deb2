package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.iwae4j.testing.CpuManager;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.LogWeights;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AIS is unbiased for p(x): on tiny models with 1-D latent layers, where log p(x) follows from a
 * fine quadrature, the mean of many independent AIS weights (single-chain runs, a short path, step
 * sizes frozen from the pilot) equals p(x) within its standard error, for one and two stochastic
 * layers and from either start.
 */
class AisExactnessTest {
    @RegisterExtension
    static final CpuManager cpu = new CpuManager();

    /** A random model whose weights are scaled up, so that the posterior is far from the prior and from q. */
    static Autoencoder randomModel(Architecture architecture, NDManager scope, long seed) {
        return randomModel(architecture, scope, seed, 2.5f);
    }

    static Autoencoder randomModel(Architecture architecture, NDManager scope, long seed, float scale) {
        Torch.seed(seed);
        Parameters params = Parameters.initialized(scope);
        Autoencoder model = new Autoencoder(architecture, params, new float[architecture.inputDim()]);
        for (NDArray p : params.all()) {
            p.muli(scale);
        }
        return model;
    }

    /** log p(x) by the midpoint rule on [-8, 8] per latent unit (1-D latent layers only). */
    static double[] quadrature(Autoencoder model, NDArray x, int depth) {
        return quadrature(model, x, depth, depth == 1 ? 20_000 : 1000);
    }

    private static double half(int depth) {
        return depth == 1 ? 8 : 12;
    }

    static double[] quadrature(Autoencoder model, NDArray x, int depth, int n) {
        double lo = -half(depth);
        double width = 2 * half(depth) / n;
        int examples = (int) x.getShape().get(0);
        int points = depth == 1 ? n : n * n;
        float[][] codes = new float[depth][points];
        for (int p = 0; p < points; p++) {
            codes[0][p] = (float) (lo + (p % n + 0.5) * width);
            if (depth == 2) {
                codes[1][p] = (float) (lo + (p / n + 0.5) * width);
            }
        }
        double[] logPx = new double[examples];
        try (NDManager scope = cpu.get().newSubManager()) {
            double[] max = new double[examples];
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            double[][] values = new double[examples][];
            for (int b = 0; b < examples; b++) {
                values[b] = new double[points];
            }
            int chunk = 20_000;
            for (int from = 0; from < points; from += chunk) {
                int m = Math.min(chunk, points - from);
                List<NDArray> arrays = new java.util.ArrayList<>();
                for (int l = 0; l < depth; l++) {
                    float[] slice = java.util.Arrays.copyOfRange(codes[l], from, from + m);
                    arrays.add(scope.create(slice, new Shape(m, 1, 1)).repeat(1, examples));
                }
                LogWeights joint = model.logJointOfCodes(x, arrays);
                float[] v = joint.logLikelihood().add(joint.logPrior()).toFloatArray(); // [m, B]
                for (int p = 0; p < m; p++) {
                    for (int b = 0; b < examples; b++) {
                        values[b][from + p] = v[p * examples + b];
                        max[b] = Math.max(max[b], v[p * examples + b]);
                    }
                }
            }
            for (int b = 0; b < examples; b++) {
                double sum = 0;
                for (double v : values[b]) {
                    sum += Math.exp(v - max[b]);
                }
                logPx[b] = max[b] + Math.log(sum) + depth * Math.log(width);
            }
        }
        return logPx;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:prior", "1:q", "2:prior"})
    void meanWeightOfManyIndependentRunsIsPx(String depthAndInit) {
        int depth = Integer.parseInt(depthAndInit.split(":")[0]);
        AisInit init = AisInit.of(depthAndInit.split(":")[1]);
        Architecture architecture = depth == 1 ? TinyModels.oneLayer(16, 8, 1)
                : new Architecture(16, List.of(1, 1), List.of(8, 6), 2);
        try (NDManager scope = cpu.get().newSubManager()) {
            Autoencoder model = randomModel(architecture, scope, 7 + depth,
                    depth == 1 && init == AisInit.PRIOR ? 2.5f : 1.5f).constantCopy(scope);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 3, 4, 11), 5);
            NDArray x = data.rows(scope, 0, data.count());
            double[] exact = quadrature(model, x, depth);
            
            // A short path: each single-chain weight is noisy, so a bias in the weights would show.
            AisSettings settings = AisSettings.of(6, "linear", init, 4000, 3);
            AnnealedImportanceSampling.Sweep sweep = AnnealedImportanceSampling.estimateBlock(model, x, settings,
                    new SeededRandom(3), scope);
            double[] estimate = sweep.logMeanWeights();
            for (int b = 0; b < data.count(); b++) {
                int chains = sweep.logWeights().length;
                double sum = 0;
                double sumSq = 0;
                for (double[] chain : sweep.logWeights()) {
                    double ratio = Math.exp(chain[b] - exact[b]);
                    sum += ratio;
                    sumSq += ratio * ratio;
                }
                double mean = sum / chains;
                double stderr = Math.sqrt((sumSq / chains - mean * mean) / (chains - 1));
                assertTrue(stderr > 0.005, "the weights vary (stderr " + stderr + "), so the test has power");
                assertEquals(1, mean, 3.5 * stderr, "E[w]/p(x) of example " + b + " (log p(x) " + exact[b] + ")");
                assertEquals(exact[b], estimate[b], 0.1, "log of the mean weight, example " + b);
                assertTrue(sweep.acceptance()[b] > 0.2, "acceptance " + sweep.acceptance()[b]);
            }
        }
    }
}
