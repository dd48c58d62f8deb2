package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.CpuManager;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogLikelihoodTest {
    @RegisterExtension
    static final CpuManager cpu = new CpuManager();

    /**
     * When q(z|x) is the prior and p(x|z) ignores z, every importance weight equals p(x), so the
     * estimate must be exact for any k, with any chunking.
     */
    @Test
    void estimateIsExactWhenTheDecoderIgnoresZAndTheEncoderIsThePrior() {
        int dim = 25;
        float[] bias = new float[dim];
        SeededRandom rng = new SeededRandom(3);
        for (int j = 0; j < dim; j++) {
            bias[j] = (float) (4 * rng.nextDouble() - 2);
        }
        try (NDManager scope = cpu.get().newSubManager()) {
            Torch.seed(1);
            Parameters params = Parameters.initialized(scope);
            Autoencoder model = new Autoencoder(TinyModels.oneLayer(dim, 7, 3), params, bias);
            for (Map.Entry<String, NDArray> e : params.byName().entrySet()) {
                boolean outputBias = e.getKey().equals("px.out.bias");
                boolean encoderHidden = e.getKey().startsWith("q1.hidden");
                if (!outputBias && !encoderHidden) {
                    e.getValue().muli(0);
                }
            }
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 30, 5, 9), 4);
            for (int[] kAndRows : new int[][] {{1, 10}, {5000, 2000}, {37, 5}}) {
                double[] estimate = LogLikelihood.estimate(model, data, kAndRows[0], kAndRows[1], scope,
                        new SeededRandom(2), done -> {});
                for (int i = 0; i < data.count(); i++) {
                    double exact = 0;
                    for (int j = 0; j < dim; j++) {
                        double x = data.pixels()[i * dim + j];
                        double l = bias[j];
                        exact += x * l - Math.log1p(Math.exp(l));
                    }
                    assertEquals(exact, estimate[i], 2e-4 * Math.abs(exact),
                            "example " + i + " at k=" + kAndRows[0]);
                }
            }
        }
    }

    @Test
    void chunkingChangesNothingButTheRandomDraws() {
        LogLikelihood.Passes big = LogLikelihood.Passes.plan(5000, 2000);
        assertEquals(1, big.examples());
        assertTrue(big.samples() * 3 >= 5000 && big.samples() <= 2000, "3 passes of <= 2000 rows");
        LogLikelihood.Passes small = LogLikelihood.Passes.plan(50, 2000);
        assertEquals(40, small.examples());
        assertEquals(50, small.samples());
    }
}
