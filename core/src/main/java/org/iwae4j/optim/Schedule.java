package org.iwae4j.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.iwae4j.common.NamedChoice;

/** How the learning rate changes over the epochs. */
public enum Schedule {
    /** The base rate throughout. */
    CONSTANT,
    /** The paper's: stage i = 0..7 of 3^i epochs at base * 10^(-i/7), 3,280 epochs in all. */
    PAPER;

    /** @return the name in files and on the command line */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param baseRate the first stage's rate
     * @param epochs the epochs the run trains
     * @return the rate per epoch
     */
    public LearningRateSchedule rates(double baseRate, int epochs) {
        return this == PAPER ? LearningRateSchedule.paper(baseRate, epochs) : LearningRateSchedule.constant(baseRate, epochs);
    }

    /**
     * @param id {@code constant} or {@code paper}
     * @return the schedule
     */
    @JsonCreator
    public static Schedule of(String id) {
        return NamedChoice.parse(Schedule.class, id, "schedule", "schedule");
    }
}
