package org.iwae4j.cli;

import java.util.Optional;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.common.UserError;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How an evaluation estimates log p(x), shared by {@code iwae eval} and the sharded eval on Spark:
 * importance sampling (the default) or annealed importance sampling with its settings.
 */
public final class EvalMethodOptions {
    @Option(names = "--method", paramLabel = "is|ais",
            description = "is: importance sampling with --k; ais: annealed importance sampling. Default: ${DEFAULT-VALUE}.")
    String method = "is";

    @Option(names = "--ais-steps", paramLabel = "T",
            description = "AIS: intermediate distributions (one HMC transition each). Default: ${DEFAULT-VALUE}.")
    int aisSteps = 1000;

    @Mixin
    AisOptions ais;

    /**
     * @param withoutInactive whether --without-inactive was given (IS only)
     * @return the AIS settings for {@code --method ais}, empty for {@code is}
     * @throws UserError for another method, or --without-inactive with AIS
     * @throws org.iwae4j.common.InvalidParameterException for unusable AIS settings
     */
    public Optional<AisSettings> aisSettings(boolean withoutInactive) {
        if (method.equals("is")) {
            return Optional.empty();
        }
        if (!method.equals("ais")) {
            throw new UserError("--method must be is or ais, got '" + method + "'");
        }
        if (withoutInactive) {
            throw new UserError("--without-inactive applies to --method is only");
        }
        return Optional.of(ais.toSettings(aisSteps));
    }
}
