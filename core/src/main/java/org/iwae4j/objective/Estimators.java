package org.iwae4j.objective;

import java.util.Arrays;
import java.util.List;

/** The gradient estimators themselves, made from their {@link Estimator} kind (internal: the training step's engine room). */
public final class Estimators {
    private Estimators() {}

    /**
     * @param name an estimator's name, e.g. {@code dreg}
     * @return a new estimator
     */
    public static GradientEstimator byName(String name) {
        return create(Estimator.of(name));
    }

    /**
     * @param kind the estimator's kind
     * @return a new estimator of that kind
     */
    public static GradientEstimator create(Estimator kind) {
        return switch (kind) {
            case REPARAM -> new Reparameterized();
            case STL -> new StickingTheLanding();
            case DREG -> new DoublyReparameterized();
            case RWS -> new ReweightedWakeSleep();
        };
    }

    /** @return the names, in the order of {@link Estimator} */
    public static List<String> names() {
        return Arrays.stream(Estimator.values()).map(Estimator::id).toList();
    }
}
