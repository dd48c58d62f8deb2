package org.iwae4j.api;

import org.iwae4j.common.InvalidParameterException;

/** The API's null checks: an argument left out is named, never a bare NullPointerException later. */
final class Arguments {
    private Arguments() {}

    /**
     * @param valuesAndNames pairs of an argument and its parameter's name
     * @throws InvalidParameterException naming the first null argument
     */
    static void notNull(Object... valuesAndNames) {
        for (int i = 0; i + 1 < valuesAndNames.length; i += 2) {
            InvalidParameterException.requireNonNull(valuesAndNames[i], (String) valuesAndNames[i + 1]);
        }
    }
}
