package org.iwae4j.objective;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/**
 * The bounds a model can be trained on. {@link Objectives#register} adds further ones by name;
 * a configuration names its bound by {@link #id()}.
 */
public enum Bound {
    /** The ELBO, the mean of log w over the k samples (Kingma &amp; Welling 2014). */
    VAE,
    /** log (1/k) sum w (Burda, Grosse &amp; Salakhutdinov 2016). */
    IWAE,
    /** The mean over m groups of the IWAE bound of k samples each (Rainforth et al. 2018). */
    MIWAE,
    /** beta ELBO + (1 - beta) IWAE over the same samples (Rainforth et al. 2018). */
    CIWAE,
    /** The decoder by IWAE over m k samples, the encoder by MIWAE(m, k) (Rainforth et al. 2018). */
    PIWAE,
    /** The Renyi bound of order alpha; 0 is IWAE, 1 the ELBO (Li &amp; Turner 2016). */
    VR;

    /** @return the name in files and on the command line, e.g. {@code iwae} */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id a bound's name
     * @return the bound
     */
    @JsonCreator
    public static Bound of(String id) {
        return NamedChoice.parse(Bound.class, id, "bound", "bound");
    }
}
