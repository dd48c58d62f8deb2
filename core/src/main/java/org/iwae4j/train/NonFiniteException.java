package org.iwae4j.train;

import org.iwae4j.common.UserError;

/** Training produced a NaN or infinity; the step was not applied and nothing non-finite was saved. */
public final class NonFiniteException extends UserError {
    /**
     * A non-finite value in a step, with advice on resuming.
     *
     * @param what what was non-finite, e.g. the bound or a gradient
     * @param epoch the epoch, from 1
     * @param step the step within the epoch, from 1
     */
    public NonFiniteException(String what, int epoch, int step) {
        super(what + " at epoch " + epoch + ", step " + step + "; the step was not applied and the last checkpoint"
                + " is intact (resume with a lower --lr, or train with --on-non-finite skip)");
    }

    /**
     * A non-finite value found outside a step, e.g. in the parameters before a checkpoint.
     *
     * @param message the whole message
     */
    public NonFiniteException(String message) {
        super(message);
    }
}
