package org.iwae4j.train;

import org.iwae4j.optim.Adam;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.GradientEstimator;
import org.iwae4j.objective.Objective;

/**
 * The general training step, for every bound, estimator and optimizer: forward with k samples per
 * example through the model's own definition, backward of the estimator's negative mean surrogate by
 * autograd, update. Every array it makes lives in a per-step manager closed at the end,
 * so native memory stays flat over any number of steps.
 */
public final class AutogradStep implements TrainingStep {
    private final Autoencoder model;
    private final Objective objective;
    private final GradientEstimator estimator;
    private final int k;
    private final Adam adam;
    private final NDManager base;
    /**
     * The minibatch's memory, reused every step: a fresh direct buffer per step is freed only by
     * the garbage collector, and resident memory doubled over 20,000 steps before this.
     */
    private ByteBuffer input;

    /**
     * @param model the model trained; its parameters are the ones {@code adam} updates
     * @param objective the bound maximized
     * @param estimator how the bound's gradient is estimated
     * @param k samples per example (all groups together for MIWAE and PIWAE)
     * @param adam the optimizer over the model's parameters
     * @param base the manager each step's sub-manager is made from
     */
    public AutogradStep(Autoencoder model, Objective objective, GradientEstimator estimator, int k, Adam adam,
            NDManager base) {
        this.model = model;
        this.objective = objective;
        this.estimator = estimator;
        this.k = k;
        this.adam = adam;
        this.base = base;
    }

    /** The first {@code n} values of {@code batch} in the reused direct buffer, as a buffer of exactly n floats. */
    private ByteBuffer fill(float[] batch, int n) {
        if (input == null || input.capacity() < batch.length * Float.BYTES) {
            input = ByteBuffer.allocateDirect(batch.length * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        input.clear();
        input.asFloatBuffer().put(batch, 0, n);
        input.limit(n * Float.BYTES);
        return input.slice().order(ByteOrder.nativeOrder());
    }

    @Override
    public Result run(float[] batch, int rows, int dim, float learningRate, float klWeight, SeededRandom rng) {
        try (NDManager scope = base.newSubManager()) {
            NDArray x = scope.create(fill(batch, rows * dim), new Shape(rows, dim), DataType.FLOAT32);
            Torch.seed(rng.nextTorchSeed());
            float bound;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                GradientEstimator.Estimate estimate = estimator.estimate(model.sample(x, k, scope).withKlWeight(klWeight), objective);
                NDArray meanSurrogate = estimate.surrogate().mean();
                collector.backward(meanSurrogate.neg());
                bound = estimate.bound() == estimate.surrogate()
                        ? meanSurrogate.getFloat()
                        : estimate.bound().mean().getFloat();
            }
            if (!Float.isFinite(bound)) {
                adam.discardGradients();
                return new Result(bound, false);
            }
            return new Result(bound, adam.update(learningRate, true));
        }
    }
}
