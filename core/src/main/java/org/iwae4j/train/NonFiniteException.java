package org.iwae4j.train;

import org.iwae4j.common.UserError;

/** Training produced a NaN or infinity; the step was not applied and nothing non-finite was saved. */
public final class NonFiniteException extends UserError {
    public NonFiniteException(String what, int epoch, int step) {
        super(what + " at epoch " + epoch + ", step " + step + "; the step was not applied and the last checkpoint"
                + " is intact (resume with a lower --lr, or train with --on-non-finite skip)");
    }

    public NonFiniteException(String message) {
        super(message);
    }
}
