package org.iwae4j.data;

/** Turns exceptions into the short one-line texts that user-facing messages are built from. */
final class Errors {
    private Errors() {}

    /**
     * The first message along the cause chain, else the innermost exception's class name. The JDK's
     * HTTP client reports an unknown host as message-less exceptions, hence the special case.
     */
    static String describe(Throwable e) {
        Throwable innermost = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            // new IOException(cause) copies cause.toString(): let the cause speak for itself
            boolean copied = t.getCause() != null && t.getCause().toString().equals(message);
            if (message != null && !message.isBlank() && !copied) {
                String text = t.getClass() == java.io.IOException.class
                        ? message
                        : t.getClass().getSimpleName() + ": " + message;
                return oneLine(text);
            }
            innermost = t;
        }
        if (innermost instanceof java.nio.channels.UnresolvedAddressException) {
            return "host not found";
        }
        return innermost.getClass().getSimpleName();
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
