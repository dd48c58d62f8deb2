package org.iwae4j.train;

import ai.djl.ndarray.NDManager;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.config.TrainingPath;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.GradientEstimator;
import org.iwae4j.objective.Objective;
import org.iwae4j.optim.Adam;

/**
 * One Adam step on one binarized minibatch: forward with k samples per example, backward of the
 * estimator's negative mean surrogate, update. Two implementations: the general one
 * ({@link AutogradStep}, autograd over the model's own definition) and, for the paper's
 * configurations, the written-out one ({@link WrittenOutStep}), which computes the same bound and
 * gradients on the same draws, rounded differently.
 */
public interface TrainingStep {

    /**
     * The minibatch's mean bound, and whether the update was applied (bound and gradients finite).
     *
     * @param bound the mean bound over the minibatch's examples
     * @param applied whether the parameters were updated
     */
    record Result(float bound, boolean applied) {
        /** @return why the update was not applied, for the log */
        public String fault() {
            return Float.isFinite(bound) ? "non-finite gradient" : "non-finite bound (" + bound + ")";
        }
    }

    /**
     * One step: forward, backward and update, unless the bound or a gradient is not finite.
     *
     * @param batch binary images, row after row; the first {@code rows} rows are used
     * @param rows the minibatch's examples
     * @param dim pixels per image
     * @param learningRate this step's learning rate
     * @param rng the step's draws (one torch seed)
     * @return the minibatch's bound and whether the update was applied
     */
    default Result run(float[] batch, int rows, int dim, float learningRate, SeededRandom rng) {
        return run(batch, rows, dim, learningRate, 1f, rng);
    }

    /**
     * One step with KL warm-up: log w = log p(x | h) + klWeight * (log p(h) - log q(h | x)). Only the
     * general path applies a weight below 1 (the fast path declines runs with warm-up).
     *
     * @param batch binary images, row after row; the first {@code rows} rows are used
     * @param rows the minibatch's examples
     * @param dim pixels per image
     * @param learningRate this step's learning rate
     * @param klWeight the warm-up weight, 1 without warm-up
     * @param rng the step's draws (one torch seed)
     * @return the minibatch's (weighted) bound and whether the update was applied
     */
    Result run(float[] batch, int rows, int dim, float learningRate, float klWeight, SeededRandom rng);

    /**
     * The path a recorded run resumes on: the one config.json names. A record without a path
     * ({@link org.iwae4j.config.TrainConfig} reads it as general) or with AUTO unresolved was written
     * when AUTO meant the general path, so both resume on the general path.
     *
     * @param recorded the configuration read from a run's record
     * @return {@link TrainingPath#GENERAL} or {@link TrainingPath#FAST}
     */
    static TrainingPath recordedPath(org.iwae4j.config.TrainConfig recorded) {
        return recorded.path() == TrainingPath.FAST ? TrainingPath.FAST : TrainingPath.GENERAL;
    }

    /**
     * The path a run of this configuration takes: its own when it names one, else the fast path
     * where it applies and the general one elsewhere.
     *
     * @param config the run's configuration
     * @return {@link TrainingPath#GENERAL} or {@link TrainingPath#FAST}
     * @throws org.iwae4j.common.UserError when it names the fast path and that does not apply
     */
    static TrainingPath resolve(org.iwae4j.config.TrainConfig config) {
        if (config.path() == TrainingPath.GENERAL) {
            return TrainingPath.GENERAL;
        }
        String why = WrittenOutStep.unsupported(config);
        if (config.path() == TrainingPath.FAST && why != null) {
            throw new org.iwae4j.common.UserError("--path fast does not apply to this run: " + why);
        }
        return why != null ? TrainingPath.GENERAL : TrainingPath.FAST;
    }

    /**
     * The step of a path.
     *
     * @param path {@link TrainingPath#GENERAL}, {@link TrainingPath#FAST}, or AUTO (see {@link #resolve};
     *     runs resolve it when they start)
     * @param model the model trained; its parameters are the ones {@code adam} updates
     * @param objective the bound maximized
     * @param estimator how the bound's gradient is estimated
     * @param k samples per example (all groups together for MIWAE and PIWAE)
     * @param adam the optimizer over the model's parameters
     * @param base the manager each step's sub-manager is made from
     * @return the step
     * @throws org.iwae4j.common.UserError when the fast path is asked for where it does not apply
     */
    static TrainingStep create(TrainingPath path, Autoencoder model, Objective objective, GradientEstimator estimator,
            int k, Adam adam, NDManager base) {
        return switch (path) {
            case GENERAL -> new AutogradStep(model, objective, estimator, k, adam, base);
            case FAST -> WrittenOutStep.create(model, objective, estimator, k, adam, base);
            case AUTO -> WrittenOutStep.unsupported(model, objective, estimator, adam) == null
                    ? WrittenOutStep.create(model, objective, estimator, k, adam, base)
                    : new AutogradStep(model, objective, estimator, k, adam, base);
        };
    }
}
