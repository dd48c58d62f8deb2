package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;

/** Stable reductions in log space (DJL's NDArray has no logsumexp). */
public final class LogMath {
    private LogMath() {}

    /** log sum_i exp(a_i) along {@code axis}, shifted by the (gradient-free) maximum. */
    public static NDArray logSumExp(NDArray a, int axis) {
        NDArray max = a.max(new int[] {axis}, true).stopGradient();
        return a.sub(max).exp().sum(new int[] {axis}).log().addi(max.squeeze(axis));
    }

    /** log (1/n) sum_i exp(a_i) along {@code axis}. */
    public static NDArray logMeanExp(NDArray a, int axis) {
        long n = a.getShape().get(axis < 0 ? a.getShape().dimension() + axis : axis);
        return logSumExp(a, axis).subi((float) Math.log(n));
    }
}
