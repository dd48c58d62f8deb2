package org.iwae4j.cli;

import org.iwae4j.common.UserError;

/** One-line errors for out-of-range numeric options. */
final class Checks {
    private Checks() {}

    static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UserError(option + " must be at least " + min + ", got " + value);
        }
    }

    static void between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(option + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
