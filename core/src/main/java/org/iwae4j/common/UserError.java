package org.iwae4j.common;

/**
 * A problem with the user's input (options, files, run directories). The CLI prints its message
 * as one line and exits non-zero, without a stack trace.
 */
public class UserError extends RuntimeException {
    /**
     * An error without an underlying cause.
     *
     * @param message the line to print, saying what is wrong and if possible what to do
     */
    public UserError(String message) {
        super(message);
    }

    /**
     * An error caused by another, shown with {@code --debug}.
     *
     * @param message the line to print
     * @param cause the underlying exception
     */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
