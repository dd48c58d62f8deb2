package org.iwae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.iwae4j.common.Torch;
import org.junit.jupiter.api.Test;

class BernoulliTest {
    @Test
    void binaryFormEqualsTheGeneralFormAndTheTextbookValue() {
        try (NDManager m = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(4);
            NDArray x = m.randomUniform(0f, 1f, new Shape(3, 7)).lt(0.4f).toType(DataType.FLOAT32, false);
            NDArray logits = m.randomNormal(0f, 30f, new Shape(5, 3, 7), DataType.FLOAT32); // far into saturation
            float[] general = Bernoulli.logLikelihood(x, logits).toFloatArray();
            float[] binary = Bernoulli.logLikelihoodOfBinary(Bernoulli.signs(x), logits).toFloatArray();
            assertArrayEquals(general, binary, 1e-3f);
            float[] xs = x.toFloatArray();
            float[] ls = logits.toFloatArray();
            for (int s = 0; s < 5; s++) {
                for (int b = 0; b < 3; b++) {
                    double expected = 0;
                    for (int d = 0; d < 7; d++) {
                        double l = ls[(s * 3 + b) * 7 + d];
                        // log p or log(1-p), computed stably in double
                        expected += xs[b * 7 + d] == 1 ? -Math.log1p(Math.exp(-l)) : -Math.log1p(Math.exp(l));
                    }
                    assertEquals(expected, binary[s * 3 + b], 1e-3 * Math.max(1, Math.abs(expected)));
                }
            }
        }
    }
}
