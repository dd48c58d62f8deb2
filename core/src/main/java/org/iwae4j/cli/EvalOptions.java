package org.iwae4j.cli;

import java.nio.file.Path;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import picocli.CommandLine.Option;

/**
 * What an evaluation of a run samples (shared by {@code iwae eval} and the sharded eval on Spark),
 * with {@link EvalConfig#defaults()} as the defaults.
 */
public final class EvalOptions {
    private static final EvalConfig DEFAULTS = EvalConfig.defaults();

    @Option(names = "--k", description = "Importance samples per example. Default: ${DEFAULT-VALUE}.")
    int k = DEFAULTS.k();

    @Option(names = "--split", description = "test, validation or train. Default: ${DEFAULT-VALUE}.")
    String split = DEFAULTS.split();

    @Option(names = "--limit", description = "Evaluate only the first N examples (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit = DEFAULTS.limit();

    @Option(names = "--checkpoint", paramLabel = "best|latest|FILE", description = "best (checkpoints/best.ckpt: the best validation bound), latest (the newest intact one; the default) or a checkpoint FILE.")
    Path checkpoint;

    @Option(names = "--seed", description = "Seed of the importance samples. Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    @Option(names = "--rows-per-pass",
            description = "Examples x samples per forward pass; bounds memory for any k. Default: ${DEFAULT-VALUE}.")
    int rowsPerPass = DEFAULTS.rowsPerPass();

    /**
     * @param threads intra-op threads, 0 for automatic
     * @param device where tensors live
     * @return the evaluation these options describe
     */
    public EvalConfig toConfig(int threads, ComputeDevice device) {
        return DEFAULTS.k(k).split(split).limit(limit).rowsPerPass(rowsPerPass).seed(seed).threads(threads)
                .device(device).checkpoint(checkpoint);
    }

    /** @return the chosen checkpoint, or null for the run's newest intact one */
    public Path checkpoint() {
        return checkpoint;
    }
}
