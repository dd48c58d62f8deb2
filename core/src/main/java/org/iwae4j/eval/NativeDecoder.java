package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.CompiledLibrary;
import org.iwae4j.common.Torch;

/**
 * The decoder p(x | h_1) and the Bernoulli log-likelihood of binary images for a pass of samples,
 * as one native call ({@code bernoulli_decoder.c} beside this class): the decoder's GEMMs through the
 * engine's own MKL in cache-sized blocks of rows, and -sum softplus((1 - 2x) * logits) in one pass
 * over each block while it is in cache. The engine's operations made five passes over the logits in
 * memory for the same result (README, Performance, third round).
 *
 * <p>The C source is compiled at first use with the machine's gcc ({@code -O3 -march=native}) into a
 * per-user cache ({@code iwae.native.dir}, default {@code ~/.cache/iwae4j/native}), keyed by the
 * source and the CPU, and checked once against a direct computation. Where any of that fails (no gcc,
 * another CPU architecture, no MKL in the engine), {@link #get()} gives null and the evaluation keeps
 * the engine's operations; {@code -Diwae.eval.native=false} does the same on purpose.
 */
final class NativeDecoder {
    /**
     * Most rows per block: a block's activations and logits (~0.5 MB at 784 pixels) stay in a 1 MB L2. The
     * kernel spreads a call's rows over an even number of nearly equal blocks (a multiple of 8 rows).
     */
    static final int BLOCK_ROWS = Integer.getInteger("iwae.eval.block", 128);

    private static final String SOURCE = "bernoulli_decoder.c";
    private static NativeDecoder instance;
    private static boolean tried;

    private final Function logLikelihood;

    private NativeDecoder(Function logLikelihood) {
        this.logLikelihood = logLikelihood;
    }

    /** @return the kernel, built and loaded once per process, or null where it cannot run */
    static synchronized NativeDecoder get() {
        if (!tried) {
            tried = true;
            if (!"false".equals(System.getProperty("iwae.eval.native"))) {
                instance = load();
            }
        }
        return instance;
    }

    private static NativeDecoder load() {
        try {
            Torch.engine();
            Path torchLibrary = loadedLibrary("libtorch_cpu.so");
            Path library = build();
            if (torchLibrary == null || library == null) {
                return null;
            }
            NativeLibrary lib = NativeLibrary.getInstance(library.toString());
            if (lib.getFunction("iwae_decoder_init").invokeInt(new Object[] {torchLibrary.toString()}) != 0) {
                return null;
            }
            NativeDecoder decoder = new NativeDecoder(lib.getFunction("iwae_decoder_log_likelihood"));
            decoder.selfTest();
            return decoder;
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * log p(x_b | h) for every sample row: h is [k, B, in] (sample-major), {@code signs} [B, D] holds
     * 1 - 2x, and {@code layers} are the decoder's {weight [out, in], bias [out]} pairs with tanh
     * between them. Arrays must be float32 on the CPU.
     *
     * @return the log-likelihoods, k * B of them in h's row order
     */
    float[] logLikelihood(List<NDArray[]> layers, NDArray h, NDArray signs, int threads) {
        long[] shape = h.getShape().getShape();
        int batch = (int) signs.getShape().get(0);
        int rows = (int) (h.size() / shape[shape.length - 1]);
        int[] dims = new int[layers.size() + 1];
        dims[0] = (int) shape[shape.length - 1];
        Pointer[] weights = new Pointer[layers.size()];
        Pointer[] biases = new Pointer[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            dims[l + 1] = (int) layers.get(l)[0].getShape().get(0);
            weights[l] = pointer(layers.get(l)[0]);
            biases[l] = pointer(layers.get(l)[1]);
        }
        if (signs.getShape().get(1) != dims[layers.size()] || rows % batch != 0) {
            throw new IllegalArgumentException("signs " + signs.getShape() + " do not match " + h.getShape());
        }
        float[] out = new float[rows];
        int status = logLikelihood.invokeInt(new Object[] {rows, batch, layers.size(), dims, weights, biases,
            pointer(h), pointer(signs), out, BLOCK_ROWS, Math.max(1, threads)});
        if (status != 0) {
            throw new IllegalStateException("native decoder failed (" + status + ")");
        }
        return out;
    }

    /** The array's memory; it must stay alive (and unchanged) for the call. */
    private static Pointer pointer(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32 || array.getDevice().isGpu()) {
            throw new IllegalArgumentException("the native decoder needs float32 CPU arrays, got " + array.getDataType()
                    + " on " + array.getDevice());
        }
        ByteBuffer memory = JniUtils.getByteBuffer((PtNDArray) array, true);
        if (!memory.isDirect() || memory.capacity() != array.size() * Float.BYTES) {
            throw new IllegalStateException("no direct view of an array's memory");
        }
        return Native.getDirectBufferPointer(memory);
    }

    /**
     * A two-layer decoder on three rows of two examples, against the same arithmetic in double
     * precision; throws if the kernel computes something else.
     */
    private void selfTest() {
        try (ai.djl.ndarray.NDManager m = Torch.newManager(ai.djl.Device.cpu())) {
            float[] w1 = {0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f};
            float[] b1 = {0.1f, -0.2f, 0.3f};
            float[] w2 = {1f, -2f, 0.5f, -0.5f, 3f, 1f, 2f, 0f, -1f, 0.25f, 0.5f, -4f, 1f, 1f, 1f};
            float[] b2 = {0f, 1f, -1f, 20f, -30f};
            float[] h = {0.3f, -1.2f, 2f, 0.7f, -0.4f, 0.9f, 1.1f, -2.2f};
            float[] x = {1, 0, 1, 1, 0, 0, 1, 0, 0, 1};
            float[] signs = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                signs[i] = 1 - 2 * x[i];
            }
            List<NDArray[]> layers = List.of(
                    new NDArray[] {m.create(w1, new ai.djl.ndarray.types.Shape(3, 2)), m.create(b1)},
                    new NDArray[] {m.create(w2, new ai.djl.ndarray.types.Shape(5, 3)), m.create(b2)});
            float[] got = logLikelihood(layers, m.create(h, new ai.djl.ndarray.types.Shape(2, 2, 2)),
                    m.create(signs, new ai.djl.ndarray.types.Shape(2, 5)), 2);
            for (int r = 0; r < 4; r++) {
                double expected = 0;
                for (int o = 0; o < 5; o++) {
                    double logit = b2[o];
                    for (int j = 0; j < 3; j++) {
                        double hidden = b1[j] + w1[2 * j] * h[2 * r] + w1[2 * j + 1] * h[2 * r + 1];
                        logit += w2[3 * o + j] * Math.tanh(hidden);
                    }
                    double xi = x[(r % 2) * 5 + o];
                    expected += xi * logit - (Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit))));
                }
                if (Math.abs(got[r] - expected) > 1e-4 * Math.max(1, Math.abs(expected))) {
                    throw new IllegalStateException("native decoder self-test: row " + r + " gave " + got[r]
                            + ", expected " + expected);
                }
            }
        }
    }

    /** The path of a shared library this process has loaded, from /proc/self/maps; null if none. */
    private static Path loadedLibrary(String name) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        for (String line : Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.endsWith("/" + name)) {
                return Path.of(line.substring(slash));
            }
        }
        return null;
    }

    /** The compiled kernel in the cache, compiled now if missing; null where gcc cannot build it. */
    private static Path build() {
        return CompiledLibrary.compiled(NativeDecoder.class, SOURCE, "iwae_decoder", cpuDescription(), 120,
                List.of("-O3", "-march=native", "-std=gnu11", "-ldl", "-lpthread", "-lm"));
    }

    /** What -march=native depends on: the CPU's model and feature flags (a cache may be shared by machines). */
    private static String cpuDescription() {
        StringBuilder sb = new StringBuilder(System.getProperty("os.arch"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") || line.startsWith("flags") || line.startsWith("vendor_id")) {
                    sb.append('\n').append(line);
                }
                if (line.isBlank()) {
                    break;
                }
            }
        } catch (IOException e) {
            // the architecture alone
        }
        return sb.toString();
    }
}
