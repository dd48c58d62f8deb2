package org.iwae4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/** What a NaN or infinite bound or gradient does to a training run. */
public enum NonFinitePolicy {
    /** Stop the run, naming the epoch and step; the last checkpoint stays intact. */
    STOP,
    /** Skip the step and count it in the epoch's metrics. */
    SKIP;

    /** @return the name in files and on the command line */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id {@code stop} or {@code skip}
     * @return the policy
     */
    @JsonCreator
    public static NonFinitePolicy of(String id) {
        return NamedChoice.parse(NonFinitePolicy.class, id, "onNonFinite", "non-finite policy");
    }
}
