package org.iwae4j.config;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.model.Architecture;

/**
 * What a training step and an evaluation pass need, estimated from their sizes (samples x
 * examples x layer widths), so that sizes no machine can hold are refused before anything is
 * written, rather than failing inside the engine minutes later.
 *
 * <p>Refused are: a tensor with more elements than a Java array can hold (the engine's results
 * come back as Java arrays), the minibatch buffer exceeding the Java heap, and an estimate above
 * the machine's physical memory. The estimate counts every activation of the forward pass three
 * times (value, saved for backward, gradient), so it errs high by a small factor, never low by
 * orders of magnitude.
 */
public final class MemoryEstimate {
    /** The most elements a Java array (and so one tensor read back) may hold. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MemoryEstimate() {}

    /** @return bytes of physical memory of this machine, or Long.MAX_VALUE when unknown */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            return total > 0 ? total : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    /** Floats per sample row of one forward pass: every layer's output, for each stochastic layer. */
    static long floatsPerRow(Architecture a) {
        long floats = 2L * a.inputDim(); // the input repeated per sample, and the output logits
        for (int i = 0; i < a.depth(); i++) {
            // q's and p's deterministic layers (pre-activation and tanh), mean, log sigma, noise, sample
            floats += 2L * 2 * a.deterministicLayers() * a.hidden().get(i) + 4L * a.latent().get(i) + 2L * a.latent().get(i);
        }
        return floats;
    }

    /** Parameters of the model: q's and p's layers, weights and biases. */
    static long parameters(Architecture a) {
        long count = 0;
        for (int i = 0; i < a.depth(); i++) {
            long in = a.below(i);
            long h = a.hidden().get(i);
            long z = a.latent().get(i);
            long layers = a.deterministicLayers();
            // q: in -> h (-> h ...) -> 2z; p: z -> h (-> h ...) -> 2 in (Gaussian) or in (Bernoulli): bound by 2 in
            long q = (layers > 0 ? in * h + h + (layers - 1) * (h * h + h) + h * 2 * z + 2 * z : in * 2 * z + 2 * z);
            long p = (layers > 0 ? z * h + h + (layers - 1) * (h * h + h) + h * 2 * in + 2 * in : z * 2 * in + 2 * in);
            count += q + p;
        }
        return count;
    }

    static long widest(Architecture a) {
        long widest = a.inputDim();
        for (int i = 0; i < a.depth(); i++) {
            widest = Math.max(widest, Math.max(2L * a.hidden().get(i), 2L * a.latent().get(i)));
        }
        return widest;
    }

    /**
     * Refuses a training configuration whose step cannot fit.
     *
     * @param config the run's configuration (k, m, batchSize)
     * @param architecture the model's sizes
     * @param trainImages the training set's size (a step never holds more examples than it has)
     * @throws InvalidParameterException naming k or batchSize
     */
    public static void checkTraining(TrainConfig config, Architecture architecture, int trainImages) {
        // MIWAE and PIWAE draw m groups of k: computed in long, as k * m can exceed an int
        long samples = java.util.List.of("miwae", "piwae").contains(config.model())
                ? (long) config.k() * config.m() : config.samplesPerExample();
        long examples = Math.min(config.batchSize(), Math.max(1, trainImages));
        String parameter = samples >= examples ? "k" : "batchSize";
        String sizes = "k = " + config.k() + (samples != config.k() ? " (" + samples + " samples with m = " + config.m() + ")" : "")
                + " and batchSize = " + config.batchSize();
        long bufferFloats = (long) config.batchSize() * architecture.inputDim();
        if (bufferFloats > MAX_ARRAY || bufferFloats * 4 > Runtime.getRuntime().maxMemory() / 2) {
            throw new InvalidParameterException("batchSize", "batchSize " + config.batchSize() + " needs a minibatch of "
                    + bufferFloats + " pixels (" + gib(bufferFloats * 4) + "), more than the Java heap ("
                    + gib(Runtime.getRuntime().maxMemory()) + ") can hold: lower it");
        }
        checkParameters(architecture, 4); // parameters, gradients and Adam's two moments
        check(parameter, sizes, "a training step", samples * examples, architecture, 3);
    }

    private static void checkParameters(Architecture a, int copies) {
        long count;
        try {
            count = Math.multiplyExact(parameters(a), (long) copies);
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE / 4;
        }
        long widestMatrix = 0;
        for (int i = 0; i < a.depth(); i++) {
            long h = a.hidden().get(i);
            widestMatrix = Math.max(widestMatrix, Math.max(h * h, 2 * h * Math.max(a.below(i), a.latent().get(i))));
        }
        if (widestMatrix > MAX_ARRAY || 4 * count > physicalMemory()) {
            boolean latentLarger = a.latent().stream().mapToLong(Integer::longValue).max().orElse(0)
                    > a.hidden().stream().mapToLong(Integer::longValue).max().orElse(0);
            String parameter = latentLarger ? "latent" : "hidden";
            throw new InvalidParameterException(parameter, parameter + " too large: hidden widths " + a.hidden()
                    + " and latent sizes " + a.latent()
                    + " make a model of " + parameters(a) + " parameters, which needs about " + gib(4 * count)
                    + " to train (this machine has " + gib(physicalMemory()) + ")"
                    + (widestMatrix > MAX_ARRAY ? " and a weight matrix larger than the largest Java array" : "")
                    + ": lower them");
        }
    }

    /**
     * Refuses an evaluation whose forward pass cannot fit.
     *
     * @param options k and rowsPerPass
     * @param architecture the model's sizes
     * @throws InvalidParameterException naming rowsPerPass
     */
    public static void checkEvaluation(EvalConfig options, Architecture architecture) {
        long rows = Math.min((long) options.rowsPerPass(), Math.max((long) options.k(), 1));
        if (options.k() < options.rowsPerPass()) {
            rows = (long) (options.rowsPerPass() / options.k()) * options.k();
        }
        checkParameters(architecture, 1);
        check("rowsPerPass", "rowsPerPass = " + options.rowsPerPass() + " and k = " + options.k(), "an evaluation pass",
                rows, architecture, 1);
    }

    private static void check(String parameter, String sizes, String what, long rows, Architecture a, int copies) {
        long widest = widest(a);
        if (rows > MAX_ARRAY / widest) {
            throw new InvalidParameterException(parameter, parameter + " too large: " + what + " with " + sizes + " holds " + rows
                    + " sample rows; a layer's output of " + rows + " x " + widest
                    + " values exceeds the largest array Java can hold (" + MAX_ARRAY + "): lower it");
        }
        long bytes = 4L * rows * floatsPerRow(a) * copies;
        long memory = physicalMemory();
        if (bytes > memory) {
            throw new InvalidParameterException(parameter, parameter + " too large: " + what + " with " + sizes + " needs about "
                    + gib(bytes) + " of memory (" + rows + " sample rows), more than this machine's " + gib(memory)
                    + ": lower it");
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
