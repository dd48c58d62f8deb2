package org.iwae4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/**
 * How a training step is computed. Both paths compute the same bound and gradients on the same
 * draws; they round differently, so a run keeps the path it started on (config.json records it).
 */
public enum TrainingPath {
    /**
     * Resolved when a run starts: the fast path where it applies, else the general one; config.json
     * records the resolved path (runs recorded before the fast path became the default ran the general one).
     */
    AUTO,
    /** Autograd over the model's, bound's and estimator's own definitions: every configuration. */
    GENERAL,
    /**
     * The backward pass written out, the step one TorchScript call: VAE and IWAE bounds, the
     * reparameterization estimator, Adam as in the paper, 1 or 2 stochastic layers, on the CPU.
     */
    FAST;

    /** @return the name in files and on the command line */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id {@code auto}, {@code general} or {@code fast}
     * @return the path
     */
    @JsonCreator
    public static TrainingPath of(String id) {
        return NamedChoice.parse(TrainingPath.class, id, "path", "training path");
    }
}
