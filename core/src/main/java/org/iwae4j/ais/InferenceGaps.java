package org.iwae4j.ais;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.IntConsumer;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Gaussian;
import org.iwae4j.model.LogWeights;
import org.iwae4j.objective.LogMath;

/**
 * The inference gaps of Cremer, Li and Duvenaud (2018), per example: log p(x) by AIS; the best
 * factorized-Gaussian bound, by optimizing the example's own q mean and log sigma with Adam from
 * the encoder's until the bound stops improving; and the encoder's (amortized) bound. The
 * approximation gap is log p(x) - best bound, the amortization gap best bound - encoder's bound;
 * both for the ELBO and for the IWAE bound with k samples.
 *
 * <p>Every bound is evaluated on the same fixed noise (common random numbers), and the optimization
 * keeps each example's best parameters of all checks, the encoder's among them: the optimized bound
 * never ends below the encoder's, so the amortization gap is never negative.
 *
 * <p><b>Two stochastic layers.</b> The encoder's q(h_1 | x) q(h_2 | h_1) is not one factorized
 * Gaussian: q(h_2 | h_1) is a network of h_1. What is optimized per example keeps that shape:
 * q(h_1) gets the example's own mean and log sigma (as with one layer), and q(h_2 | h_1) keeps the
 * encoder's network with per-example offsets added to its mean and log sigma (starting at zero).
 * The family holds the encoder's q at its start, so the same guarantees hold; the amortization gap
 * is then what the example's own parameters of both layers gain over the amortized ones.
 */
public final class InferenceGaps {
    private InferenceGaps() {}

    /**
     * How the local optimization runs.
     *
     * @param k samples of the IWAE bound (the run's k)
     * @param samples samples per Adam step (a multiple of k is used for the IWAE bound)
     * @param learningRate Adam's step
     * @param maxIterations the most Adam steps
     * @param checkEvery steps between evaluations of the bound on the fixed noise
     * @param evalSamples samples of the fixed noise that every bound is evaluated on (a multiple of k is used)
     * @param tolerance stop when the mean best bound improved by less than this (nats) since the last check
     */
    public record Settings(int k, int samples, double learningRate, int maxIterations, int checkEvery, int evalSamples,
            double tolerance) {
        /**
         * @param k the IWAE bound's k
         * @return 10 samples per step, Adam 1e-2, at most 2,000 steps checked every 50, 1,000 evaluation samples, 0.01 nats
         */
        public static Settings defaults(int k) {
            return new Settings(k, 10, 1e-2, 2000, 50, 1000, 0.01);
        }

        /** @return these settings, checked */
        public Settings validate() {
            InvalidParameterException.require(k >= 1, "k", "must be at least 1, got " + k);
            InvalidParameterException.require(samples >= 1, "samples", "must be at least 1, got " + samples);
            InvalidParameterException.require(learningRate > 0, "learningRate", "must be positive, got " + learningRate);
            InvalidParameterException.require(maxIterations >= 0, "maxIterations", "must be non-negative, got " + maxIterations);
            InvalidParameterException.require(checkEvery >= 1, "checkEvery", "must be at least 1, got " + checkEvery);
            InvalidParameterException.require(evalSamples >= 1, "evalSamples", "must be at least 1, got " + evalSamples);
            return this;
        }
    }

    /**
     * Per-example bounds; gaps by the accessors.
     *
     * @param logPx log p(x) by AIS
     * @param encoderElbo the encoder's ELBO
     * @param optimizedElbo the best factorized ELBO
     * @param encoderIwae the encoder's IWAE-k bound
     * @param optimizedIwae the best factorized IWAE-k bound
     * @param k the IWAE bound's k
     */
    public record Result(double[] logPx, double[] encoderElbo, double[] optimizedElbo, double[] encoderIwae,
            double[] optimizedIwae, int k) {
        /** @return mean of log p(x) - best ELBO */
        public double approximationGapElbo() {
            return meanDifference(logPx, optimizedElbo);
        }

        /** @return mean of best ELBO - encoder's ELBO */
        public double amortizationGapElbo() {
            return meanDifference(optimizedElbo, encoderElbo);
        }

        /** @return mean of log p(x) - best IWAE-k bound */
        public double approximationGapIwae() {
            return meanDifference(logPx, optimizedIwae);
        }

        /** @return mean of best IWAE-k bound - encoder's IWAE-k bound */
        public double amortizationGapIwae() {
            return meanDifference(optimizedIwae, encoderIwae);
        }

        /**
         * @param values per example
         * @return their mean
         */
        public static double mean(double[] values) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }

        private static double meanDifference(double[] a, double[] b) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i] - b[i];
            }
            return sum / a.length;
        }
    }

    /**
     * The gaps of examples {@code from..to} of {@code set}, in blocks of the AIS settings' examples per pass.
     *
     * @param model a model with one or two stochastic layers
     * @param set the binarized images
     * @param from the first example
     * @param to one past the last
     * @param ais the AIS settings for log p(x)
     * @param settings the local optimization
     * @param seed the seed of AIS, the fixed noise and the optimization's draws
     * @param manager the parent manager
     * @param progress told the examples finished
     * @return the per-example bounds
     */
    public static Result run(Autoencoder model, BinarizedSet set, int from, int to, AisSettings ais, Settings settings,
            long seed, NDManager manager, IntConsumer progress) {
        settings.validate();
        double[][] out = AnnealedImportanceSampling.overBlocks(model, set, from, to, ais.examplesPerPass(), seed, 5,
                manager, progress, (fixed, x, rng, scope) -> {
                    double[] logPx = AnnealedImportanceSampling.estimateBlock(fixed, x, ais,
                            new SeededRandom(rng.nextLong()), scope).logMeanWeights();
                    Autoencoder.Posterior q = encoderStart(fixed, x);
                    int k = settings.k();
                    int evalSamples = Math.max(1, settings.evalSamples() / k) * k;
                    Torch.seed(rng.nextTorchSeed());
                    NDArray noise = scope.randomNormal(0f, 1f, new Shape(evalSamples).addAll(q.mean().getShape()),
                            DataType.FLOAT32);
                    Bound elbo = new Bound(fixed, x, noise, 1);
                    Bound iwae = new Bound(fixed, x, noise, k);
                    double[] encoderElbo = elbo.at(q.mean(), q.logSigma());
                    double[] encoderIwae = iwae.at(q.mean(), q.logSigma());
                    Optimum bestElbo = optimize(elbo, q, encoderElbo, settings, 1, rng, scope);
                    // The IWAE bound's search starts from the better of the encoder's and the ELBO's optimum.
                    double[] iwaeAtElbo = iwae.at(bestElbo.mean(), bestElbo.logSigma());
                    NDArray better = scope.create(greater(iwaeAtElbo, encoderIwae), new Shape(encoderIwae.length, 1))
                            .broadcast(q.mean().getShape());
                    Autoencoder.Posterior iwaeStart = new Autoencoder.Posterior(
                            NDArrays.where(better, bestElbo.mean(), q.mean()),
                            NDArrays.where(better, bestElbo.logSigma(), q.logSigma()));
                    double[] startIwae = new double[encoderIwae.length];
                    for (int b = 0; b < startIwae.length; b++) {
                        startIwae[b] = Math.max(encoderIwae[b], iwaeAtElbo[b]);
                    }
                    Optimum bestIwae = optimize(iwae, iwaeStart, startIwae, settings, k, rng, scope);
                    return new double[][] {logPx, encoderElbo, bestElbo.values(), encoderIwae, bestIwae.values()};
                });
        return new Result(out[0], out[1], out[2], out[3], out[4], settings.k());
    }

    /**
     * The parameters of the encoder's own q, [B, sum of latent sizes]: q(h_1 | x)'s mean and log
     * sigma, then zero offsets of each upper layer's conditional.
     */
    static Autoencoder.Posterior encoderStart(Autoencoder model, NDArray x) {
        Autoencoder.Posterior first = model.firstPosterior(x);
        if (model.architecture().depth() == 1) {
            return first;
        }
        int upper = model.architecture().latent().stream().skip(1).mapToInt(Integer::intValue).sum();
        NDArray zeros = first.mean().getManager().zeros(new Shape(first.mean().getShape().get(0), upper));
        return new Autoencoder.Posterior(first.mean().concat(zeros, 1), first.logSigma().concat(zeros, 1));
    }

    /**
     * A bound (ELBO for k = 1, else IWAE-k averaged over groups) on fixed noise of the per-example
     * q: a factorized Gaussian over h_1 and, above it, the encoder's conditionals with per-example
     * offsets (see the class comment); parameters and noise run over all layers' units.
     */
    private record Bound(Autoencoder model, NDArray x, NDArray noise, int k) {
        /** Per example, the bound of q = N(mean, exp(logSigma)^2) on the fixed noise (no gradient). */
        double[] at(NDArray mean, NDArray logSigma) {
            try (NDManager step = x.getManager().newSubManager()) {
                for (NDArray a : new NDArray[] {x, noise, mean, logSigma}) {
                    a.tempAttach(step);
                }
                NDArray value = value(mean, logSigma, noise, k, step);
                float[] v = value.toFloatArray();
                double[] result = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    result[i] = v[i];
                }
                return result;
            }
        }

        /** The bound per example [B] for noise [S, B, d], S a multiple of k; gradients reach mean and logSigma. */
        NDArray value(NDArray mean, NDArray logSigma, NDArray eps, int groupSize, NDManager step) {
            List<Integer> sizes = model.architecture().latent();
            long[] splits = new long[sizes.size() - 1];
            for (int l = 1, at = 0; l < sizes.size(); l++) {
                at += sizes.get(l - 1);
                splits[l - 1] = at;
            }
            NDList means = split(mean, splits);
            NDList logSigmas = split(logSigma, splits);
            NDList noise = split(eps, splits);
            NDArray h = Gaussian.sample(means.get(0), logSigmas.get(0), noise.get(0));
            NDArray logQ = Gaussian.logDensityOfNoise(noise.get(0), logSigmas.get(0));
            List<NDArray> codes = new java.util.ArrayList<>(List.of(h));
            for (int l = 1; l < sizes.size(); l++) {
                Autoencoder.Posterior conditional = model.upperPosterior(l, h);
                NDArray layerLogSigma = conditional.logSigma().add(logSigmas.get(l));
                h = Gaussian.sample(conditional.mean().add(means.get(l)), layerLogSigma, noise.get(l));
                logQ = logQ.add(Gaussian.logDensityOfNoise(noise.get(l), layerLogSigma));
                codes.add(h);
            }
            LogWeights joint = model.logJointOfCodes(x, codes);
            NDArray logW = joint.logLikelihood().add(joint.logPrior()).sub(logQ);
            if (groupSize == 1) {
                return logW.mean(new int[] {0});
            }
            long samples = eps.getShape().get(0);
            NDArray grouped = logW.reshape(new Shape(samples / groupSize, groupSize, logW.getShape().get(1)));
            return LogMath.logMeanExp(grouped, 1).mean(new int[] {0});
        }
    }

    /** The layers' parts of an array over all latent units (its last axis). */
    private static NDList split(NDArray all, long[] splits) {
        return splits.length == 0 ? new NDList(all) : all.split(splits, all.getShape().dimension() - 1);
    }

    private static boolean[] greater(double[] a, double[] b) {
        boolean[] result = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = a[i] > b[i];
        }
        return result;
    }

    /** Each example's best bound and the parameters that reached it. */
    private record Optimum(double[] values, NDArray mean, NDArray logSigma) {}

    /**
     * Adam ascent on each example's own mean and log sigma from {@code start} (whose bound is
     * {@code startValues}); the bound is checked on the fixed noise every {@code checkEvery} steps
     * and each example keeps its best value and parameters.
     */
    private static Optimum optimize(Bound bound, Autoencoder.Posterior q, double[] startValues, Settings settings,
            int groupSize, SeededRandom rng, NDManager scope) {
        double[] best = startValues.clone();
        NDArray bestMean = q.mean().duplicate();
        NDArray bestLogSigma = q.logSigma().duplicate();
        bestMean.attach(scope);
        bestLogSigma.attach(scope);
        int examples = best.length;
        int samples = Math.max(1, settings.samples() / groupSize) * groupSize;
        NDArray mean = q.mean().duplicate();
        NDArray logSigma = q.logSigma().duplicate();
        mean.attach(scope);
        logSigma.attach(scope);
        NDArray[] state = {mean, logSigma, mean.zerosLike(), logSigma.zerosLike(), mean.zerosLike(), logSigma.zerosLike()};
        double b1 = 0.9;
        double b2 = 0.999;
        double lastMean = Result.mean(best);
        for (int it = 1; it <= settings.maxIterations(); it++) {
            NDArray[] next = new NDArray[state.length];
            try (NDManager step = scope.newSubManager()) {
                for (NDArray a : state) {
                    a.tempAttach(step);
                }
                bound.x().tempAttach(step);
                NDArray mu = state[0].stopGradient();
                NDArray ls = state[1].stopGradient();
                mu.setRequiresGradient(true);
                ls.setRequiresGradient(true);
                Torch.seed(rng.nextTorchSeed());
                NDArray eps = step.randomNormal(0f, 1f, new Shape(samples).addAll(mu.getShape()), DataType.FLOAT32);
                NDArray gMu;
                NDArray gLs;
                try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                    collector.backward(bound.value(mu, ls, eps, groupSize, step).sum());
                    gMu = mu.getGradient();
                    gLs = ls.getGradient();
                }
                double correction1 = 1 - Math.pow(b1, it);
                double correction2 = 1 - Math.pow(b2, it);
                NDArray[] grads = {gMu, gLs};
                for (int p = 0; p < 2; p++) {
                    NDArray m = state[2 + p].mul((float) b1).add(grads[p].mul((float) (1 - b1)));
                    NDArray v = state[4 + p].mul((float) b2).add(grads[p].square().mul((float) (1 - b2)));
                    NDArray update = m.div((float) correction1)
                            .div(v.div((float) correction2).sqrt().add(1e-8f)).mul((float) settings.learningRate());
                    next[p] = state[p].add(update);
                    next[2 + p] = m;
                    next[4 + p] = v;
                }
                for (NDArray a : next) {
                    a.attach(scope);
                }
            }
            for (NDArray a : state) {
                a.close();
            }
            state = next;
            if (it % settings.checkEvery() == 0 || it == settings.maxIterations()) {
                double[] now = bound.at(state[0], state[1]);
                boolean[] improved = greater(now, best);
                for (int b = 0; b < examples; b++) {
                    best[b] = Math.max(best[b], now[b]);
                }
                NDArray mask = scope.create(improved, new Shape(examples, 1)).broadcast(bestMean.getShape());
                NDArray newMean = NDArrays.where(mask, state[0], bestMean);
                NDArray newLogSigma = NDArrays.where(mask, state[1], bestLogSigma);
                mask.close();
                bestMean.close();
                bestLogSigma.close();
                bestMean = newMean;
                bestLogSigma = newLogSigma;
                double meanBest = Result.mean(best);
                if (meanBest - lastMean < settings.tolerance()) {
                    break;
                }
                lastMean = meanBest;
            }
        }
        for (NDArray a : state) {
            a.close();
        }
        return new Optimum(best, bestMean, bestLogSigma);
    }
}
