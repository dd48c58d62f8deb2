package org.iwae4j.common;

/**
 * A parameter value no computation can use, worded in the API's terms ("k must be at least 1, got
 * 0"). {@link #parameter()} names the parameter, so a client (the CLI) can name its own flag instead.
 */
public class InvalidParameterException extends IllegalArgumentException {
    /** The parameter's name as in the API. */
    private final String parameter;

    /**
     * @param parameter the parameter's name as in the API, e.g. {@code batchSize}
     * @param message the whole message, best starting with the parameter's name
     */
    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** @return the parameter's name as in the API */
    public String parameter() {
        return parameter;
    }

    /**
     * Throws when {@code condition} is false.
     *
     * @param condition what must hold
     * @param parameter the parameter's name
     * @param problem the message after the name
     */
    public static void require(boolean condition, String parameter, String problem) {
        if (!condition) {
            throw new InvalidParameterException(parameter, parameter + " " + problem);
        }
    }

    /**
     * Throws when {@code value} is null, naming the parameter.
     *
     * @param value the argument
     * @param parameter the parameter's name, e.g. {@code train} or {@code train[3]}
     * @param <T> its type
     * @return the value
     */
    public static <T> T requireNonNull(T value, String parameter) {
        require(value != null, parameter, "must not be null");
        return value;
    }
}
