package org.iwae4j.common;

/**
 * A problem with the user's input (options, files, run directories). The CLI prints its message
 * as one line and exits non-zero, without a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
