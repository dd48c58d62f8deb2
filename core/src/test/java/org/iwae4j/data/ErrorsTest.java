package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void describesWhatTheJdkLeavesUnsaid() {
        // What the HTTP client throws for a host that does not resolve.
        Exception unresolved = new ConnectException();
        unresolved.initCause(new ConnectException().initCause(new UnresolvedAddressException()));
        assertEquals("host not found", Errors.describe(unresolved));
        assertEquals("HTTP 404", Errors.describe(new IOException("HTTP 404")));
        assertEquals("NoSuchFileException: /x", Errors.describe(new IOException(new NoSuchFileException("/x"))));
        assertEquals("a | b", Errors.describe(new IOException("a\n  b\n")));
    }
}
