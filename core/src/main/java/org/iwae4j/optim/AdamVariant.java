package org.iwae4j.optim;

/**
 * The settings that tell Adam variants apart.
 *
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param epsilon added to sqrt(v) in the denominator
 * @param epsilonOnCorrected whether epsilon is added to the bias-corrected sqrt(v) (Kingma &amp; Ba's
 *     Algorithm 1, torch.optim.Adam) or to the uncorrected sqrt(v), with the bias correction folded
 *     into the step size
 * @param initialSecondMoment the value v starts at
 * @param lagged whether step t moves the parameters with the moments of steps before t (the
 *     original code's Theano updates all read the values from before the call, so a gradient reaches
 *     the parameters one step later) instead of the moments that include step t's gradient
 */
public record AdamVariant(float beta1, float beta2, float epsilon, boolean epsilonOnCorrected,
        float initialSecondMoment, boolean lagged) {
    /** The paper's text: Algorithm 1 with beta1 0.9, beta2 0.999, epsilon 1e-4, v from zeros. */
    public static final AdamVariant PAPER = new AdamVariant(0.9f, 0.999f, 1e-4f, true, 0f, false);

    /**
     * The paper's code (yburda/iwae, optimizers.py): beta1 0.99, beta2 0.999, v starting at ones,
     * epsilon 1e-4 added to the uncorrected sqrt(v), step size lr * sqrt(1 - beta2^t) / (1 - beta1^t),
     * and the step taken with the moments from before this step's gradient (Theano's simultaneous
     * updates), so the first step moves nothing.
     */
    public static final AdamVariant BURDA = new AdamVariant(0.99f, 0.999f, 1e-4f, false, 1f, true);
}
