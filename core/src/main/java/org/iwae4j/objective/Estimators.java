package org.iwae4j.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iwae4j.common.UserError;

/** The gradient estimators known by name. */
public final class Estimators {
    private static final Map<String, Supplier<GradientEstimator>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("reparam", Reparameterized::new);
        KNOWN.put("stl", StickingTheLanding::new);
        KNOWN.put("dreg", DoublyReparameterized::new);
        KNOWN.put("rws", ReweightedWakeSleep::new);
    }

    private Estimators() {}

    public static GradientEstimator byName(String name) {
        Supplier<GradientEstimator> factory = KNOWN.get(name);
        if (factory == null) {
            throw new UserError("unknown estimator '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return factory.get();
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
