package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A stochastic layer with a diagonal Gaussian output: tanh layers, then one linear head whose
 * output is split into the mean and log sigma (one GEMM instead of two).
 */
final class GaussianLayer {
    private final Mlp net;
    private final int outDim;

    GaussianLayer(Parameters params, String name, int in, int[] hidden, int out) {
        this.net = new Mlp(params, name, in, hidden, 2 * out, 2);
        this.outDim = out;
    }

    int outDim() {
        return outDim;
    }

    /** Adds the network's weights and biases in order (see {@link Mlp#addParameters}). */
    void addParameters(java.util.List<NDArray> into) {
        net.addParameters(into);
    }

    /** The mean and log sigma for inputs of any leading shape [..., in]. */
    Moments moments(NDArray input) {
        return moments(input, false);
    }

    /** With {@code frozen}, the moments depend on the input but carry no gradient to the parameters. */
    Moments moments(NDArray input, boolean frozen) {
        NDArray out = net.apply(input, frozen);
        NDList halves = out.split(2, out.getShape().dimension() - 1);
        return new Moments(halves.get(0), halves.get(1));
    }

    /** Mean and log standard deviation of a diagonal Gaussian, each [..., outDim]. */
    record Moments(NDArray mean, NDArray logSigma) {
        Moments stopped() {
            return new Moments(mean.stopGradient(), logSigma.stopGradient());
        }
    }
}
