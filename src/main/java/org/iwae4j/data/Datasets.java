package org.iwae4j.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iwae4j.common.UserError;

/** The datasets iwae4j knows, by name. */
public final class Datasets {
    // A new dataset is one more entry here.
    private static final Map<String, Supplier<Dataset>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(Mnist.NAME, Mnist::new);
    }

    private Datasets() {}

    public static Dataset byName(String name) {
        Supplier<Dataset> dataset = KNOWN.get(name);
        if (dataset == null) {
            throw new UserError("unknown dataset '" + name + "' (known: " + String.join(", ", KNOWN.keySet()) + ")");
        }
        return dataset.get();
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
