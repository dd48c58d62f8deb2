package org.iwae4j.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/** Which optimizer trains the model. */
public enum Optimizer {
    /** Kingma &amp; Ba's Algorithm 1: beta1 0.9, beta2 0.999, eps 1e-4 on the bias-corrected sqrt(v). */
    ADAM,
    /**
     * The IWAE paper's code (yburda/iwae): beta1 0.99, v starting at ones, eps 1e-4 on the
     * uncorrected sqrt(v) ({@link AdamVariant#BURDA}); with the paper schedule its stage rates are
     * rounded as that code's experiments.py rounds them.
     */
    BURDA;

    /** @return the Adam settings of this optimizer */
    public AdamVariant variant() {
        return this == BURDA ? AdamVariant.BURDA : AdamVariant.PAPER;
    }

    /** @return the name in files and on the command line */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id {@code adam} or {@code burda}
     * @return the optimizer
     */
    @JsonCreator
    public static Optimizer of(String id) {
        return NamedChoice.parse(Optimizer.class, id, "optimizer", "optimizer");
    }
}
