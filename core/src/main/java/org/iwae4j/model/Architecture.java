package org.iwae4j.model;

import java.util.List;
import org.iwae4j.common.UserError;

/**
 * Sizes of a model with one or more stochastic layers. Stochastic layer i has {@code latent[i]}
 * units and its deterministic blocks (in q and in p) have {@code deterministicLayers} tanh
 * layers of width {@code hidden[i]}, as in Burda et al.: 1 layer is 784-200-200-50, 2 layers
 * are 784-200-200-100 and 100-100-100-50.
 *
 * @param inputDim pixels per image
 * @param latent the units of each stochastic layer, the input's side first
 * @param hidden the width of each stochastic layer's deterministic blocks
 * @param deterministicLayers the tanh layers in each deterministic block
 */
public record Architecture(int inputDim, List<Integer> latent, List<Integer> hidden, int deterministicLayers) {
    /** Validates the sizes; a size below 1 is a user error naming it. */
    public Architecture {
        latent = List.copyOf(latent);
        hidden = List.copyOf(hidden);
        if (inputDim < 1) {
            throw new UserError("input dimension must be at least 1, got " + inputDim);
        }
        if (latent.isEmpty() || latent.size() != hidden.size()) {
            throw new UserError("need one hidden width per stochastic layer: latent " + latent + ", hidden " + hidden);
        }
        for (int size : latent) {
            if (size < 1) {
                throw new UserError("latent sizes must be at least 1, got " + latent);
            }
        }
        for (int size : hidden) {
            if (size < 1) {
                throw new UserError("hidden widths must be at least 1, got " + hidden);
            }
        }
        if (deterministicLayers < 0) {
            throw new UserError("deterministic layers must be non-negative, got " + deterministicLayers);
        }
    }

    /**
     * The paper's architecture for 1 or 2 stochastic layers.
     *
     * @param stochasticLayers 1 or 2
     * @param inputDim pixels per image
     * @return 784-200-200-50 or 784-200-200-100-100-100-50 for MNIST's 784
     */
    public static Architecture paper(int stochasticLayers, int inputDim) {
        return switch (stochasticLayers) {
            case 1 -> new Architecture(inputDim, List.of(50), List.of(200), 2);
            case 2 -> new Architecture(inputDim, List.of(100, 50), List.of(200, 100), 2);
            default -> throw new org.iwae4j.common.InvalidParameterException("layers", "layers must be 1 or 2 (the paper's architectures) unless latent and hidden give every size, got " + stochasticLayers);
        };
    }

    /** @return the number of stochastic layers */
    public int depth() {
        return latent.size();
    }

    /** @return the units of the top stochastic layer, the prior's */
    public int topLatent() {
        return latent.get(latent.size() - 1);
    }

    int[] hiddenSizes(int layer) {
        int[] sizes = new int[deterministicLayers];
        java.util.Arrays.fill(sizes, hidden.get(layer));
        return sizes;
    }

    /**
     * @param layer a stochastic layer, 0 for the input's side
     * @return the input size of its encoder block (and the output size of the matching decoder block)
     */
    public int below(int layer) {
        return layer == 0 ? inputDim : latent.get(layer - 1);
    }

    /** @return the sizes in order, e.g. "784-200-200-50" or "784-200-200-100-100-100-50" */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(inputDim);
        for (int i = 0; i < depth(); i++) {
            for (int j = 0; j < deterministicLayers; j++) {
                sb.append('-').append(hidden.get(i));
            }
            sb.append('-').append(latent.get(i));
        }
        return sb.toString();
    }
}
