package org.iwae4j.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.iwae4j.common.UserError;

/** The objectives (bounds) known by name, built with their parameters. */
public final class Objectives {
    /**
     * Parameters some bounds take.
     *
     * @param m MIWAE's and PIWAE's groups of k samples
     * @param beta CIWAE's weight of the ELBO beside the IWAE bound
     * @param alpha the Renyi bound's alpha
     */
    public record Settings(int m, double beta, double alpha) {
        /** m 1, beta 0.5, alpha 0.5. */
        public static final Settings DEFAULT = new Settings(1, 0.5, 0.5);
    }

    private static final Map<String, Function<Settings, Objective>> KNOWN = new LinkedHashMap<>();
    private static final List<String> BUILT_IN = List.of("vae", "iwae", "miwae", "ciwae", "piwae", "vr");

    static {
        KNOWN.put("vae", s -> new VaeBound());
        KNOWN.put("iwae", s -> new IwaeBound());
        KNOWN.put("miwae", s -> new MiwaeBound(s.m()));
        KNOWN.put("ciwae", s -> new CiwaeBound(s.beta()));
        KNOWN.put("piwae", s -> new PiwaeBound(s.m()));
        KNOWN.put("vr", s -> new RenyiBound(s.alpha()));
    }

    private Objectives() {}

    /**
     * @param name a bound's name, e.g. {@code iwae}
     * @return the bound with the default {@link Settings}
     * @throws UserError for an unknown name
     */
    public static Objective byName(String name) {
        return create(name, Settings.DEFAULT);
    }

    /**
     * @param name a bound's name, e.g. {@code miwae}
     * @param settings its parameters
     * @return the bound
     * @throws UserError for an unknown name
     */
    public static Objective create(String name, Settings settings) {
        Function<Settings, Objective> factory = KNOWN.get(name);
        if (factory == null) {
            throw new UserError("unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return factory.apply(settings);
    }

    /**
     * Adds an objective under a new name (extensions and tests).
     *
     * @param name the new bound's name, as {@code TrainConfig.model} takes it
     * @param factory makes the bound
     * @throws IllegalArgumentException when the name is taken
     */
    public static synchronized void register(String name, java.util.function.Supplier<Objective> factory) {
        if (KNOWN.putIfAbsent(name, s -> factory.get()) != null) {
            throw new IllegalArgumentException("an objective named '" + name + "' exists already");
        }
    }

    /**
     * @param name a bound's name
     * @return whether it is one of iwae4j's own (whose parameters are known), not one added by {@link #register}
     */
    public static boolean isBuiltIn(String name) {
        return BUILT_IN.contains(name);
    }

    /** @return the known bounds' names, iwae4j's own first */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
