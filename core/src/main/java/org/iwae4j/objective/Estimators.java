package org.iwae4j.objective;

import java.util.Arrays;
import java.util.List;

/** The gradient estimators known by name. */
public final class Estimators {
    private Estimators() {}

    /**
     * @param name an estimator's name, e.g. {@code dreg}
     * @return a new estimator
     */
    public static GradientEstimator byName(String name) {
        return Estimator.of(name).create();
    }

    /** @return the names, in the order of {@link Estimator} */
    public static List<String> names() {
        return Arrays.stream(Estimator.values()).map(Estimator::id).toList();
    }
}
