package org.iwae4j.config;

import static org.iwae4j.common.InvalidParameterException.require;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Records;
import org.iwae4j.eval.LogLikelihood;

/**
 * How to evaluate a trained model: start from {@link #defaults()} (the paper's k = 5000 on the
 * whole test set) and change what differs with the withers named like the components.
 *
 * @param k importance samples per example
 * @param split {@code test}, {@code validation} or {@code train}
 * @param limit the first that many examples of the split; 0 for all
 * @param rowsPerPass examples times samples per forward pass (memory and cache)
 * @param seed the seed of the importance samples
 * @param threads intra-op threads; 0 for the machine's cores, at most 2
 * @param device where tensors live
 * @param checkpoint a run's checkpoint to evaluate; empty for its newest intact one
 */
public record EvalConfig(int k, String split, int limit, int rowsPerPass, long seed, int threads, ComputeDevice device,
        Optional<Path> checkpoint) {
    /** The splits a model can be evaluated on. */
    public static final List<String> SPLITS = List.of("test", "validation", "train");

    private static final EvalConfig DEFAULTS = new EvalConfig(5000, "test", 0, LogLikelihood.DEFAULT_ROWS_PER_PASS, 1, 0,
            ComputeDevice.AUTO, Optional.empty());

    /**
     * Fills absent values: a null device is {@code AUTO}, a null checkpoint empty.
     *
     * @param k importance samples per example
     * @param split {@code test}, {@code validation} or {@code train}
     * @param limit the first that many examples of the split; 0 for all
     * @param rowsPerPass examples times samples per forward pass (memory and cache)
     * @param seed the seed of the importance samples
     * @param threads intra-op threads; 0 for the machine's cores, at most 2
     * @param device where tensors live
     * @param checkpoint a run's checkpoint to evaluate; empty for its newest intact one
     */
    public EvalConfig {
        device = device == null ? ComputeDevice.AUTO : device;
        checkpoint = checkpoint == null ? Optional.empty() : checkpoint;
    }

    /** @return k = 5000 on the whole test set, seed 1 */
    public static EvalConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @return this configuration
     * @throws org.iwae4j.common.InvalidParameterException naming the first bad parameter
     */
    public EvalConfig validate() {
        require(k >= 1, "k", "must be at least 1, got " + k);
        if (!SPLITS.contains(split)) {
            throw new InvalidParameterException("split", "unknown split '" + split + "' (known: " + String.join(", ", SPLITS) + ")");
        }
        require(limit >= 0, "limit", "must be 0 (all) or more, got " + limit);
        require(rowsPerPass >= 1, "rowsPerPass", "must be at least 1, got " + rowsPerPass);
        require(threads >= 0, "threads", "must be 0 (auto) or more, got " + threads);
        return this;
    }

    /** @return the threads to use: {@link #threads()}, or when 0 the machine's cores up to 2 */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param value samples per example
     * @return a copy with it
     */
    public EvalConfig k(int value) {
        return Records.with(this, "k", value);
    }

    /**
     * @param value the split
     * @return a copy with it
     */
    public EvalConfig split(String value) {
        return Records.with(this, "split", value);
    }

    /**
     * @param value the first that many examples, 0 for all
     * @return a copy with it
     */
    public EvalConfig limit(int value) {
        return Records.with(this, "limit", value);
    }

    /**
     * @param value rows per forward pass
     * @return a copy with it
     */
    public EvalConfig rowsPerPass(int value) {
        return Records.with(this, "rowsPerPass", value);
    }

    /**
     * @param value the sampling seed
     * @return a copy with it
     */
    public EvalConfig seed(long value) {
        return Records.with(this, "seed", value);
    }

    /**
     * @param value intra-op threads, 0 for automatic
     * @return a copy with it
     */
    public EvalConfig threads(int value) {
        return Records.with(this, "threads", value);
    }

    /**
     * @param value the device
     * @return a copy with it
     */
    public EvalConfig device(ComputeDevice value) {
        return Records.with(this, "device", value);
    }

    /**
     * @param value a checkpoint file, or null for the run's newest intact one
     * @return a copy with it
     */
    public EvalConfig checkpoint(Path value) {
        return Records.with(this, "checkpoint", Optional.ofNullable(value));
    }
}
