package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * k reparameterized samples h = mean + sigma * eps from q(h | x) for a minibatch, and the log
 * densities that the gradient estimators combine, each [k, B]. The variants differ only in where
 * gradients may flow: through the samples, into the encoder's parameters, into the decoder's.
 */
public final class SamplePass {
    private final Autoencoder model;
    private final NDArray x;
    private final List<GaussianLayer.Moments> moments;
    private final List<NDArray> noise;
    private final List<NDArray> samples;
    /** The KL warm-up weight of log p(h) and log q(h | x) inside log w, a scalar torch owns; null for 1. */
    private final NDArray klWeight;
    private LogWeights live;

    SamplePass(Autoencoder model, NDArray x, List<GaussianLayer.Moments> moments, List<NDArray> noise,
            List<NDArray> samples) {
        this(model, x, moments, noise, samples, null);
    }

    private SamplePass(Autoencoder model, NDArray x, List<GaussianLayer.Moments> moments, List<NDArray> noise,
            List<NDArray> samples, NDArray klWeight) {
        this.model = model;
        this.x = x;
        this.moments = moments;
        this.noise = noise;
        this.samples = samples;
        this.klWeight = klWeight;
    }

    /**
     * The same samples with KL warm-up: every log weight this pass gives becomes
     * log p(x | h) + weight * (log p(h) - log q(h | x)) (Sonderby et al. 2016), for every bound and
     * estimator alike. The weight is a tensor torch owns (a Java number on a gradient path would be
     * freed before the backward pass). Weight 1 returns this pass itself, so a run without warm-up
     * computes exactly what it computed before.
     *
     * @param weight the warm-up weight, in [0, 1]
     * @return a pass whose log weights carry the weight
     */
    public SamplePass withKlWeight(float weight) {
        if (weight == 1f) {
            return this;
        }
        return new SamplePass(model, x, moments, noise, samples, x.getManager().full(new ai.djl.ndarray.types.Shape(), weight));
    }

    /** @return the KL warm-up weight of this pass, 1 without warm-up */
    public float klWeight() {
        return klWeight == null ? 1f : klWeight.getFloat();
    }

    /** A log-prior or log-posterior term times the warm-up weight. */
    private NDArray weighted(NDArray term) {
        return klWeight == null ? term : term.mul(klWeight);
    }

    /** The samples of the first stochastic layer, [k, B, latent_1]. */
    public NDArray firstLayerSamples() {
        return samples.get(0);
    }

    public int samples() {
        return (int) samples.get(0).getShape().get(0);
    }

    /** log p(x | h), log p(h), log q(h | x) with every gradient path open (the reparameterization estimator). */
    public LogWeights logWeights() {
        if (live == null) {
            LogWeights joint = model.joint(x, samples);
            live = new LogWeights(joint.logLikelihood(), weighted(joint.logPrior()), weighted(logPosterior()));
        }
        return live;
    }

    /** log q(h | x) of the samples with every gradient path open, [k, B]. */
    public NDArray logPosterior() {
        NDArray logQ = null;
        for (int l = 0; l < samples.size(); l++) {
            NDArray term = Gaussian.logDensityOfNoise(noise.get(l), moments.get(l).logSigma());
            logQ = logQ == null ? term : logQ.add(term);
        }
        return logQ;
    }

    /** log p(h) of the samples (all stochastic layers), without the likelihood p(x | h), [k, B]. */
    public NDArray logPrior() {
        return model.logPrior(samples);
    }

    /** log p(x, h) with every gradient path open. */
    public NDArray logJoint() {
        LogWeights w = logWeights();
        return w.logLikelihood().add(w.logPrior());
    }

    /**
     * log q(h | x) with q's parameters held fixed: gradient only through the samples. Dropping
     * the score term this way gives the "sticking the landing" and DReG estimators.
     */
    public NDArray logPosteriorPathwise() {
        NDArray logQ = null;
        for (int l = 0; l < samples.size(); l++) {
            GaussianLayer.Moments q = l == 0
                    ? moments.get(0).stopped()
                    : model.encoderMoments(l, samples.get(l - 1), true);
            NDArray term = Gaussian.logDensity(samples.get(l), q.mean(), q.logSigma());
            logQ = logQ == null ? term : logQ.add(term);
        }
        return weighted(logQ);
    }

    /** log p(x, h) at the samples held fixed: gradient to the decoder's parameters only. */
    public NDArray logJointOfFixedSamples() {
        LogWeights joint = model.joint(x, fixedSamples());
        return joint.logLikelihood().add(weighted(joint.logPrior()));
    }

    /** log q(h | x) at the samples held fixed: gradient to the encoder's parameters only (wake-phase q update). */
    public NDArray logPosteriorOfFixedSamples() {
        List<NDArray> fixed = fixedSamples();
        NDArray logQ = null;
        for (int l = 0; l < fixed.size(); l++) {
            GaussianLayer.Moments q = l == 0 ? moments.get(0) : model.encoderMoments(l, fixed.get(l - 1), false);
            NDArray term = Gaussian.logDensity(fixed.get(l), q.mean(), q.logSigma());
            logQ = logQ == null ? term : logQ.add(term);
        }
        return weighted(logQ);
    }

    private List<NDArray> fixedSamples() {
        List<NDArray> fixed = new ArrayList<>();
        for (NDArray h : samples) {
            fixed.add(h.stopGradient());
        }
        return fixed;
    }
}
