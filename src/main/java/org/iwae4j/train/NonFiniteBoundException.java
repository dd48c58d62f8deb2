package org.iwae4j.train;

import org.iwae4j.common.UserError;

/** Training produced a NaN or infinite bound; the step was not applied and nothing was saved. */
public final class NonFiniteBoundException extends UserError {
    public NonFiniteBoundException(int epoch, int step, float value) {
        super("non-finite training bound (" + value + ") at epoch " + epoch + ", step " + step
                + "; the step was not applied and the last checkpoint is intact (try a lower --lr)");
    }
}
