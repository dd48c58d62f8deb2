package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Deterministic tanh layers followed by a linear output layer. */
final class Mlp {
    private final List<Dense> hidden = new ArrayList<>();
    private final Dense output;

    /** The output layer stacks {@code heads} equal heads (e.g. mean and log sigma). */
    Mlp(Parameters params, String name, int in, int[] hiddenSizes, int out, int heads) {
        int width = addHidden(params, name, in, hiddenSizes);
        output = new Dense(params, name + ".out", width, out, out / heads);
    }

    /** With the output bias set to given values (e.g. the logit of the mean training pixel). */
    Mlp(Parameters params, String name, int in, int[] hiddenSizes, float[] outputBias) {
        int width = addHidden(params, name, in, hiddenSizes);
        output = new Dense(params, name + ".out", width, outputBias);
    }

    private int addHidden(Parameters params, String name, int in, int[] hiddenSizes) {
        int width = in;
        for (int i = 0; i < hiddenSizes.length; i++) {
            hidden.add(new Dense(params, name + ".hidden" + i, width, hiddenSizes[i]));
            width = hiddenSizes[i];
        }
        return width;
    }

    Dense outputLayer() {
        return output;
    }

    /** The hidden layers, then the output layer. */
    List<Dense> layers() {
        List<Dense> all = new ArrayList<>(hidden);
        all.add(output);
        return all;
    }

    Dense firstLayer() {
        return hidden.isEmpty() ? output : hidden.get(0);
    }

    /** Adds each layer's weight and bias, the tanh layers in order, then the output layer. */
    void addParameters(List<NDArray> into) {
        for (Dense layer : hidden) {
            into.add(layer.weight());
            into.add(layer.bias());
        }
        into.add(output.weight());
        into.add(output.bias());
    }

    NDArray apply(NDArray input) {
        return apply(input, false);
    }

    /** With {@code frozen}, gradients reach the input but not the parameters. */
    NDArray apply(NDArray input, boolean frozen) {
        NDArray h = input;
        for (Dense layer : hidden) {
            h = (frozen ? layer.applyFrozen(h) : layer.apply(h)).tanh();
        }
        return frozen ? output.applyFrozen(h) : output.apply(h);
    }
}
