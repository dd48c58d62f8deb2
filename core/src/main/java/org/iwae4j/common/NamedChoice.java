package org.iwae4j.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enums whose constants are written in files and on the command line by lower-case names. */
public final class NamedChoice {
    private NamedChoice() {}

    /**
     * @param constant an enum constant
     * @return its name in lower case, with '_' as '-'
     */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant named {@code id}.
     *
     * @param type the enum
     * @param id a lower-case name
     * @param parameter the parameter's name, for the error
     * @param label what a constant is, in words, for the error
     * @param <E> the enum type
     * @return the constant
     * @throws InvalidParameterException when no constant has that name
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String id, String parameter, String label) {
        for (E e : type.getEnumConstants()) {
            if (id(e).equals(id)) {
                return e;
            }
        }
        throw new InvalidParameterException(parameter, "unknown " + label + " '" + id + "' (known: "
                + Arrays.stream(type.getEnumConstants()).map(NamedChoice::id).collect(Collectors.joining(", ")) + ")");
    }
}
