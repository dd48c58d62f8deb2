package org.iwae4j.objective;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/** The gradient estimators, by the name a configuration gives them. */
public enum Estimator {
    /** Through the reparameterized samples (Kingma &amp; Welling 2014). */
    REPARAM,
    /** Sticking the landing: q's score term dropped (Roeder, Wu &amp; Duvenaud 2017). */
    STL,
    /** Doubly reparameterized encoder gradient (Tucker et al. 2018). */
    DREG,
    /** Reweighted wake-sleep's wake-phase update for q (Bornschein &amp; Bengio 2015). */
    RWS;

    /** @return the name in files and on the command line, e.g. {@code dreg} */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id an estimator's name
     * @return the estimator kind
     */
    @JsonCreator
    public static Estimator of(String id) {
        return NamedChoice.parse(Estimator.class, id, "estimator", "estimator");
    }
}
