package org.iwae4j.common;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs an engine call with the process's native stderr (file descriptor 2) sent to /dev/null.
 *
 * <p>Why: giving an array new memory through DJL's {@code set(Buffer)} is the only way to make a
 * parameter's gradient share one flat buffer, and libtorch answers it with an
 * "AutoNonVariableTypeMode is deprecated" warning written straight to stderr, which users would see
 * on every run. Errors still arrive as Java exceptions; only the engine's own printing is silenced,
 * and only for the call. Not for concurrent use: other threads' stderr is silenced too meanwhile.
 */
public final class NativeStderr {
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;

    private interface C extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private static final C LIBC = load();

    private NativeStderr() {}

    private static C load() {
        try {
            return Native.load("c", C.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // no libc to call: the warning is shown, nothing else changes
        }
    }

    /**
     * @param call the engine call to run quietly
     */
    public static synchronized void silenced(Runnable call) {
        if (LIBC == null) {
            call.run();
            return;
        }
        System.err.flush();
        int saved = LIBC.dup(STDERR);
        int devNull = saved < 0 ? -1 : LIBC.open("/dev/null", O_WRONLY);
        if (devNull < 0) {
            if (saved >= 0) {
                LIBC.close(saved);
            }
            call.run();
            return;
        }
        LIBC.dup2(devNull, STDERR);
        LIBC.close(devNull);
        try {
            call.run();
        } finally {
            LIBC.dup2(saved, STDERR);
            LIBC.close(saved);
        }
    }
}
