package org.iwae4j.cli;

import org.iwae4j.ais.AisInit;
import org.iwae4j.ais.AisSettings;
import picocli.CommandLine.Option;

/** The settings of annealed importance sampling but the number of steps, shared by {@code eval --method ais} and {@code bdmc}. */
public final class AisOptions {
    @Option(names = "--ais-schedule", paramLabel = "linear|sigmoid|B1,B2,...",
            description = {"AIS: inverse temperatures beta_t: linear, sigmoid (more near both ends), or an explicit " +
                    "strictly increasing list ending at 1. Default: ${DEFAULT-VALUE}."})
    String schedule = "sigmoid";

    @Option(names = "--ais-init", paramLabel = "prior|q",
            description = "AIS: start of the path, the prior p(h) or the encoder's q(h|x). Default: ${DEFAULT-VALUE}.")
    String init = "prior";

    @Option(names = "--chains", description = "AIS: independent chains per example. Default: ${DEFAULT-VALUE}.")
    int chains = 16;

    @Option(names = "--leapfrog", description = "AIS: leapfrog steps per HMC transition. Default: ${DEFAULT-VALUE}.")
    int leapfrog = 10;

    /** Said in every command's help: how the step sizes keep AIS exact (a picocli format string: "%%" is a percent sign). */
    static final String EXACTNESS = "HMC step sizes are tuned per example and per intermediate distribution in a separate "
            + "pilot run (min(chains, 4) chains of its own, toward 65 %% acceptance) and then frozen for the estimate, "
            + "so every transition is a fixed kernel and the estimate stays unbiased for p(x) (adapting during the "
            + "estimate, as Wu et al. 2017 do, would bias it).";

    /**
     * @param steps intermediate distributions
     * @return the settings, validated
     * @throws org.iwae4j.common.InvalidParameterException for unusable values
     */
    public AisSettings toSettings(int steps) {
        return AisSettings.of(steps, schedule, AisInit.of(init), chains, leapfrog);
    }
}
