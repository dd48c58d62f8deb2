package org.iwae4j.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iwae4j.common.UserError;

/** The objectives known by name. */
public final class Objectives {
    private static final Map<String, Supplier<Objective>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("vae", VaeBound::new);
        KNOWN.put("iwae", IwaeBound::new);
    }

    private Objectives() {}

    public static Objective byName(String name) {
        Supplier<Objective> factory = KNOWN.get(name);
        if (factory == null) {
            throw new UserError("unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return factory.get();
    }

    /** Adds an objective under a new name (extensions and tests). */
    public static synchronized void register(String name, Supplier<Objective> factory) {
        if (KNOWN.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("an objective named '" + name + "' exists already");
        }
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
