package org.iwae4j.ais;

import org.iwae4j.common.NamedChoice;

/** Where the annealing path starts: p_0 in f_beta(h) = p_0(h)^(1 - beta) p(x, h)^beta. */
public enum AisInit {
    /** The generative model's prior p(h) over all stochastic layers. */
    PRIOR,
    /** The encoder's q(h | x) over all stochastic layers. */
    Q;

    /**
     * @param id {@code prior} or {@code q}
     * @return the start
     * @throws org.iwae4j.common.InvalidParameterException for other names
     */
    public static AisInit of(String id) {
        return NamedChoice.parse(AisInit.class, id, "aisInit", "AIS start");
    }

    /** @return the name on the command line and in files */
    public String id() {
        return NamedChoice.id(this);
    }
}
