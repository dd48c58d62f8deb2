package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.iwae4j.testing.CpuManager;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The native decoder pass gives the engine path's estimates: same draws, same prior and posterior
 * terms, the decoder and the Bernoulli likelihood computed by other code (MKL's GEMMs in blocks, its
 * own exp and log), so they agree to rounding. Tolerance: 2e-5 relative per example (|log p(x)|
 * of ~100 nats: ~2e-3 nats; measured differences are ~1e-5 nats).
 */
class NativeDecoderTest {
    private static final double RELATIVE = 2e-5;
    @RegisterExtension
    static final CpuManager cpu = new CpuManager();

    /** Where gcc is installed (every development and CI machine), the kernel must build and pass its self-test. */
    @Test
    void buildsWhereGccIsInstalled() {
        boolean gcc = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "gcc")));
        if (gcc && "amd64".equals(System.getProperty("os.arch"))) {
            assertNotNull(NativeDecoder.get(), "the native decoder did not build or failed its self-test");
            assertEquals(LogLikelihood.Implementation.NATIVE_DECODER, LogLikelihood.implementation());
        }
        assertEquals(LogLikelihood.Implementation.ENGINE, LogLikelihood.implementation(true));
    }

    @Test
    void agreesWithTheEnginePathOnTheFirstLayerAndOnDeeperModels() {
        assertNotNull(NativeDecoder.get());
        agree(TinyModels.oneLayer(36, 20, 5), 37, 12, 100, 3);
        agree(TinyModels.twoLayer(36), 50, 7, 60, 4);
    }

    @Test
    void agreesWithTheEnginePathAtThePapersSize() {
        assertNotNull(NativeDecoder.get());
        agree(Architecture.paper(1, 784), 5000, 3, 2000, 5);
    }

    /** A row's value depends only on its block: the same bits with 1 or 2 threads. */
    @Test
    void sameBitsForAnyThreadCount() {
        NativeDecoder decoder = NativeDecoder.get();
        assertNotNull(decoder);
        try (NDManager scope = cpu.get().newSubManager()) {
            Torch.seed(3);
            Autoencoder model = trained(Architecture.paper(1, 784), scope);
            BinarizedSet set = Binarization.fixed(TinyModels.images("toy", 4, 28, 5), 6);
            NDArray x = set.rows(scope, 0, 4);
            NDArray h = model.sample(x, 300, scope).firstLayerSamples();
            NDArray signs = org.iwae4j.model.Bernoulli.signs(x);
            float[] one = decoder.logLikelihood(model.outputNetwork(), h, signs, 1);
            float[] two = decoder.logLikelihood(model.outputNetwork(), h, signs, 2);
            float[] three = decoder.logLikelihood(model.outputNetwork(), h, signs, 3);
            assertArrayEquals(one, two);
            assertArrayEquals(one, three);
        }
    }

    /**
     * The likelihood pass against double precision on rows wider than one product of 1 + exp(-|z|)
     * (960 pixels) and not a multiple of the vector width: logits all zero (every factor 2, whose
     * product over a 2,003-pixel row would overflow a float without the span), saturated at +-30..90,
     * tiny (|z| ~ 1e-4, where 1 + e rounds), and mixed; NaN logits give NaN. Tolerance: the float result's own rounding
     * (6e-8 relative) plus 6e-8 per pixel for the rounding of each factor, as the kernel's comment says.
     */
    @Test
    void wideRowsAgreeWithDoublePrecision() {
        NativeDecoder decoder = NativeDecoder.get();
        assertNotNull(decoder);
        int width = 2003;
        int in = 2;
        SeededRandom rng = new SeededRandom(21);
        float[] weight = new float[width * in];
        float[] bias = new float[width];
        float[] signs = new float[width];
        for (int j = 0; j < width; j++) {
            weight[j * in] = (float) (rng.nextDouble() * 2 - 1);
            weight[j * in + 1] = (float) ((rng.nextDouble() - 0.5) * 60);
            signs[j] = rng.nextDouble() < 0.4 ? -1f : 1f;
        }
        // rows: all logits 0; saturated (the second input scales the +-30 column); tiny; mixed
        float[][] inputs = {{0f, 0f}, {0f, 3f}, {1e-4f, 0f}, {4f, 0.2f}, {-7f, -0.05f}};
        float[] h = new float[inputs.length * in];
        for (int r = 0; r < inputs.length; r++) {
            System.arraycopy(inputs[r], 0, h, r * in, in);
        }
        try (NDManager scope = cpu.get().newSubManager()) {
            java.util.List<NDArray[]> layers = java.util.List.<NDArray[]>of(new NDArray[] {
                scope.create(weight, new ai.djl.ndarray.types.Shape(width, in)), scope.create(bias)});
            float[] got = decoder.logLikelihood(layers, scope.create(h, new ai.djl.ndarray.types.Shape(inputs.length, 1, in)),
                    scope.create(signs, new ai.djl.ndarray.types.Shape(1, width)), 2);
            for (int r = 0; r < inputs.length; r++) {
                double expected = 0;
                for (int j = 0; j < width; j++) {
                    double z = signs[j] * ((double) weight[j * in] * h[r * in] + (double) weight[j * in + 1] * h[r * in + 1]);
                    expected -= Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
                }
                double tolerance = 6e-8 * Math.abs(expected) + 6e-8 * width + 1e-6;
                assertTrue(Double.isFinite(got[r]), "row " + r + ": " + got[r]);
                assertEquals(expected, got[r], tolerance, "row " + r);
            }
            // a diverged model's NaN stays NaN instead of becoming a finite likelihood
            float[] nan = decoder.logLikelihood(layers, scope.create(new float[] {Float.NaN, 0f},
                    new ai.djl.ndarray.types.Shape(1, 1, in)), scope.create(signs, new ai.djl.ndarray.types.Shape(1, width)), 1);
            assertTrue(Float.isNaN(nan[0]), "NaN logits gave " + nan[0]);
        }
    }

    /**
     * The native path's estimates do not depend on the engine's intra-op threads (the encoder, draws
     * and densities run on them; the decoder on its own): shards on executors set up differently, and
     * the evaluation at --threads 1 or 2, give the same numbers.
     */
    @Test
    void engineThreadCountDoesNotChangeTheEstimates() {
        assertNotNull(NativeDecoder.get());
        int before = Torch.threads();
        try (NDManager scope = cpu.get().newSubManager()) {
            Torch.seed(8);
            Autoencoder model = trained(Architecture.paper(1, 784), scope);
            BinarizedSet set = Binarization.fixed(TinyModels.images("toy", 3, 28, 8), 9);
            double[][] estimates = new double[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Torch.setThreads(threads);
                estimates[threads - 1] = LogLikelihood.estimateRange(model, set, 0, 3, 500, 400, scope, 8, done -> {},
                        LogLikelihood.Implementation.NATIVE_DECODER);
                assertEquals(threads, Torch.threads(), "the caller's intra-op threads");
            }
            assertArrayEquals(estimates[0], estimates[1], 0.0);
        } finally {
            Torch.setThreads(before);
        }
    }

    private static void agree(Architecture architecture, int k, int examples, int rowsPerPass, long seed) {
        try (NDManager scope = cpu.get().newSubManager()) {
            Torch.seed(seed);
            Autoencoder model = trained(architecture, scope);
            int side = (int) Math.round(Math.sqrt(architecture.inputDim()));
            BinarizedSet set = Binarization.fixed(TinyModels.images("toy", examples, side, seed), seed + 1);
            double[] engine = LogLikelihood.estimateRange(model, set, 0, examples, k, rowsPerPass, scope, seed,
                    done -> {}, LogLikelihood.Implementation.ENGINE);
            double[] fused = LogLikelihood.estimateRange(model, set, 0, examples, k, rowsPerPass, scope, seed,
                    done -> {}, LogLikelihood.Implementation.NATIVE_DECODER);
            double[] again = LogLikelihood.estimateRange(model, set, 0, examples, k, rowsPerPass, scope, seed,
                    done -> {}, LogLikelihood.Implementation.NATIVE_DECODER);
            assertArrayEquals(fused, again, 0.0, "same seed, same numbers");
            double worst = 0;
            for (int i = 0; i < examples; i++) {
                assertTrue(engine[i] < -1, "a non-trivial likelihood: " + engine[i]);
                assertEquals(engine[i], fused[i], RELATIVE * Math.abs(engine[i]), "example " + i);
                worst = Math.max(worst, Math.abs(engine[i] - fused[i]));
            }
            System.out.printf("native vs engine, %s k=%d: largest difference %.2e nats%n", architecture.describe(), k,
                    worst);
        }
    }

    /** A model with weights large enough that the decoder's logits spread over both signs and saturate. */
    private static Autoencoder trained(Architecture architecture, NDManager scope) {
        Parameters params = Parameters.initialized(scope);
        Autoencoder model = new Autoencoder(architecture, params, new float[architecture.inputDim()]);
        SeededRandom rng = new SeededRandom(9);
        for (Map.Entry<String, NDArray> e : params.byName().entrySet()) {
            if (e.getKey().startsWith("px")) {
                e.getValue().muli(3f);
                if (e.getKey().endsWith("bias")) {
                    e.getValue().addi((float) (rng.nextDouble() - 0.5));
                }
            }
        }
        return model;
    }
}
