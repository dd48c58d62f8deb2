package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/** An affine map y = x W^T + b with PyTorch's weight layout [out, in], run as one fused addmm. */
public final class Dense {
    private final NDArray weight;
    private final NDArray bias;

    Dense(Parameters params, String name, int in, int out) {
        this(params, name, in, out, out);
    }

    /** Initialized as if it had {@code fanOutPerHead} outputs: for stacked heads such as mean and log sigma. */
    Dense(Parameters params, String name, int in, int out, int fanOutPerHead) {
        this.weight = params.glorotUniform(name + ".weight", new Shape(out, in), fanOutPerHead);
        this.bias = params.zeros(name + ".bias", new Shape(out));
    }

    Dense(Parameters params, String name, int in, float[] initialBias) {
        this.weight = params.glorotUniform(name + ".weight", new Shape(initialBias.length, in), initialBias.length);
        this.bias = params.constant(name + ".bias", initialBias);
    }

    NDArray weight() {
        return weight;
    }

    NDArray bias() {
        return bias;
    }

    /** Works on inputs with any number of leading axes. */
    NDArray apply(NDArray input) {
        return Linear.linear(input, weight, bias).singletonOrThrow();
    }

    /** The same map with the parameters held fixed: gradients flow to the input only. */
    NDArray applyFrozen(NDArray input) {
        return Linear.linear(input, weight.stopGradient(), bias.stopGradient()).singletonOrThrow();
    }
}
