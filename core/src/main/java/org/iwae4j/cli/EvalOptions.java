package org.iwae4j.cli;

import java.nio.file.Path;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.run.DataCheck;
import picocli.CommandLine.Mixin;
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

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--seed", description = "Seed of the importance samples. Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    @Option(names = "--rows-per-pass",
            description = "Examples x samples per forward pass; bounds memory for any k. Default: ${DEFAULT-VALUE}.")
    int rowsPerPass = DEFAULTS.rowsPerPass();

    @Option(names = "--without-inactive", description = "Also the NLL with the inactive units removed (eval-SPLIT-pruned.json).")
    boolean withoutInactive;

    @Option(names = "--accept-changed-data", description = {"Evaluate on the data files as they are now even if they differ " +
            "from the SHA-256 recorded when the run was trained (recorded in eval-SPLIT.json)."})
    boolean acceptChangedData;

    /** @return whether to evaluate the model without its inactive units too */
    public boolean withoutInactive() {
        return withoutInactive;
    }

    /** @return whether data files that differ from the run's record are refused or used */
    public DataCheck.Policy dataPolicy() {
        return acceptChangedData ? DataCheck.Policy.ACCEPT_CHANGED : DataCheck.Policy.VERIFY;
    }

    /**
     * @param threads intra-op threads, 0 for automatic
     * @param device where tensors live
     * @return the evaluation these options describe
     */
    public EvalConfig toConfig(int threads, ComputeDevice device) {
        return DEFAULTS.k(k).split(split).limit(limit).rowsPerPass(rowsPerPass).seed(seed).threads(threads)
                .device(device).checkpoint(checkpoint.checkpoint);
    }

    /** @return the chosen checkpoint, or null for the run's newest intact one */
    public Path checkpoint() {
        return checkpoint.checkpoint;
    }
}
