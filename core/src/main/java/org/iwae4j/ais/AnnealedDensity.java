package org.iwae4j.ais;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.LogWeights;

/**
 * The annealing path of one block of examples: log p_0(h) and log p(x, h) at states h of all
 * stochastic layers concatenated, [chains, B, sum of latent sizes], and the gradient of
 * log f_beta = (1 - beta) log p_0 + beta log p(x, h) by the engine's autograd. The model must be a
 * {@link Autoencoder#constantCopy}, so that the backward pass computes no weight gradients.
 */
final class AnnealedDensity {
    private final Autoencoder model;
    private final AisInit init;
    private final NDArray x;
    private final Autoencoder.Posterior q;
    private final long[] splits;

    /** The densities at a state, as floats [chains * B], and the gradient of log f_beta there. */
    record Point(NDArray state, float[] logP0, float[] logJoint, NDArray gradient, double beta) {
        double logTarget(int i) {
            return (1 - beta) * logP0[i] + beta * logJoint[i];
        }

        double increment(int i) {
            return (double) logJoint[i] - logP0[i];
        }
    }

    AnnealedDensity(Autoencoder model, AisInit init, NDArray x) {
        this.model = model;
        this.init = init;
        this.x = x;
        this.q = init == AisInit.Q ? model.firstPosterior(x) : null;
        List<Integer> latent = model.architecture().latent();
        splits = new long[latent.size() - 1];
        long offset = 0;
        for (int l = 0; l < splits.length; l++) {
            offset += latent.get(l);
            splits[l] = offset;
        }
    }

    /** Lends the block's fixed arrays to a step's manager, so that what ops derive from them is freed with it. */
    void lendTo(NDManager step) {
        x.tempAttach(step);
        if (q != null) {
            q.mean().tempAttach(step);
            q.logSigma().tempAttach(step);
        }
    }

    /** Draws from p_0: [chains, B, D]. Torch's generator must be seeded. */
    NDArray start(int chains, NDManager manager) {
        List<NDArray> codes = init == AisInit.PRIOR
                ? model.priorDraws(new ai.djl.ndarray.types.Shape(chains, x.getShape().get(0)), manager)
                : model.posteriorDraws(q, chains, manager);
        return join(codes);
    }

    static NDArray join(List<NDArray> codes) {
        return codes.size() == 1 ? codes.get(0)
                : NDArrays.concat(new NDList(codes), codes.get(0).getShape().dimension() - 1);
    }

    List<NDArray> codes(NDArray state) {
        if (splits.length == 0) {
            return List.of(state);
        }
        return new ArrayList<>(state.split(splits, state.getShape().dimension() - 1));
    }

    /** The densities at {@code state} and the gradient of log f_beta there (state itself takes no gradient). */
    Point at(NDArray state, double beta) {
        NDArray leaf = state.stopGradient();
        leaf.setRequiresGradient(true);
        NDArray logP0;
        NDArray logJoint;
        NDArray gradient;
        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
            List<NDArray> codes = codes(leaf);
            LogWeights joint = model.logJointOfCodes(x, codes);
            logJoint = joint.logLikelihood().add(joint.logPrior());
            logP0 = init == AisInit.PRIOR ? joint.logPrior() : model.logPosteriorOfCodes(q, codes);
            NDArray target = Torch.times(logP0, (float) (1 - beta)).add(Torch.times(logJoint, (float) beta));
            collector.backward(target.sum());
            gradient = leaf.getGradient();
        }
        return new Point(state, logP0.toFloatArray(), logJoint.toFloatArray(), gradient, beta);
    }
}
