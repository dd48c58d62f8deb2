package org.iwae4j.cli;

import java.nio.file.Path;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.StorageError;
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

    /** A finite number above zero (NaN and infinity are not lengths, rates or sizes). */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UserError(option + " must be a positive number, got " + value);
        }
    }

    /** The file an option names can be written, checked before the work whose result it holds. */
    static void writable(String option, Path file) {
        try {
            AtomicFiles.removeStaleTemporaries(file.toAbsolutePath().getParent());
            AtomicFiles.checkWritable(file);
        } catch (StorageError e) {
            throw new UserError(option + " " + e.getMessage(), e);
        }
    }

    /**
     * Runs a library validation, naming the command's own flag for each library parameter
     * (e.g. {@code k} is {@code --eval-k} in demo) instead of the library's default flag.
     *
     * @param check the validation
     * @param flags pairs of a library parameter and the flag that sets it here
     */
    static void inFlags(Runnable check, String... flags) {
        try {
            check.run();
        } catch (InvalidParameterException e) {
            for (int i = 0; i + 1 < flags.length; i += 2) {
                if (flags[i].equals(e.parameter()) && e.getMessage().startsWith(e.parameter() + " ")) {
                    throw new UserError(flags[i + 1] + e.getMessage().substring(e.parameter().length()), e);
                }
            }
            throw e;
        }
    }
}
