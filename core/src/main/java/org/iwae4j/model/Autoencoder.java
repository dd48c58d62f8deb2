package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;

/**
 * The generative model p(x, h_1..h_L) = p(h_L) prod p(h_{l-1} | h_l) p(x | h_1) with a Bernoulli
 * output, and the inference network q(h_1..h_L | x) = q(h_1 | x) prod q(h_l | h_{l-1}). The same
 * model serves the VAE and IWAE: they differ only in the objective.
 */
public final class Autoencoder {
    private final Architecture architecture;
    private final Parameters parameters;
    private final List<GaussianLayer> encoder = new ArrayList<>();
    /** decoderLatent.get(i) is p(h_i | h_{i+1}) for i = 1..L-1 (index i-1). */
    private final List<GaussianLayer> decoderLatent = new ArrayList<>();
    private final Mlp decoderOutput;

    /**
     * @param outputBias initial logits of the Bernoulli output (ignored when the parameters are
     *     restored); length inputDim
     */
    public Autoencoder(Architecture architecture, Parameters parameters, float[] outputBias) {
        this.architecture = architecture;
        this.parameters = parameters;
        for (int i = 0; i < architecture.depth(); i++) {
            encoder.add(new GaussianLayer(parameters, "q" + (i + 1), architecture.below(i),
                    architecture.hiddenSizes(i), architecture.latent().get(i)));
        }
        for (int i = 1; i < architecture.depth(); i++) {
            decoderLatent.add(new GaussianLayer(parameters, "p" + i, architecture.latent().get(i),
                    architecture.hiddenSizes(i), architecture.latent().get(i - 1)));
        }
        decoderOutput = new Mlp(parameters, "px", architecture.latent().get(0), architecture.hiddenSizes(0), outputBias);
        parameters.flatten();
    }

    /**
     * The weight ([out, in]) and bias of every dense layer, network by network: q(h_1 | x) .. q(h_L | h_{L-1}),
     * p(h_1 | h_2) .. p(h_{L-1} | h_L), then p(x | h_1); within a network its tanh layers in order, then its
     * output layer (for Gaussian layers the means' rows, then the log sigmas'). For code that runs the
     * networks itself, such as a training step with its backward pass written out.
     *
     * @return the arrays, which are the model's parameters themselves
     */
    public List<NDArray> denseParameters() {
        List<NDArray> list = new ArrayList<>();
        encoder.forEach(layer -> layer.addParameters(list));
        decoderLatent.forEach(layer -> layer.addParameters(list));
        decoderOutput.addParameters(list);
        return list;
    }

    /** Logits of the mean training pixel, clipped to [0.001, 0.999]: the paper's output bias. */
    public static float[] outputBiasFor(double[] pixelMeans) {
        float[] bias = new float[pixelMeans.length];
        for (int i = 0; i < bias.length; i++) {
            double p = Math.min(0.999, Math.max(0.001, pixelMeans[i]));
            bias[i] = (float) Math.log(p / (1 - p));
        }
        return bias;
    }

    /**
     * The same model over copies of the parameters that are constants (no gradient): gradients of
     * its densities reach only their inputs, with no weight gradients computed and nothing
     * accumulated into this model's. For HMC, AIS and the per-example optimizations. Close
     * {@code manager} (or the copy's parameters) to free it.
     *
     * @param manager the manager of the copies
     * @return the copy
     */
    public Autoencoder constantCopy(NDManager manager) {
        NDList copies = new NDList();
        for (java.util.Map.Entry<String, NDArray> e : parameters.byName().entrySet()) {
            NDArray copy = e.getValue().stopGradient().duplicate();
            copy.setName(e.getKey());
            copies.add(copy);
        }
        return new Autoencoder(architecture, Parameters.constants(manager, copies), new float[architecture.inputDim()]);
    }

    public Architecture architecture() {
        return architecture;
    }

    public Parameters parameters() {
        return parameters;
    }

    /**
     * Draws k samples from q for each input (the first encoder layer runs once per input; its
     * samples come by broadcasting) and returns the terms of log w = log p(x, h) - log q(h | x),
     * each [k, B]. Noise comes from torch's generator via {@code manager}. {@code x} must be binary
     * (every pipeline binarizes), which allows the cheaper form of the Bernoulli likelihood.
     */
    public LogWeights logWeights(NDArray x, int k, NDManager manager) {
        return sample(x, k, manager).logWeights();
    }

    /** k draws of h_1 from q per input, [k, B, latent_1], with their log weights: for resampling. */
    public record Draws(NDArray h1, LogWeights logWeights) {}

    /** As {@link #logWeights}, keeping the first-layer samples. */
    public Draws draw(NDArray x, int k, NDManager manager) {
        SamplePass pass = sample(x, k, manager);
        return new Draws(pass.firstLayerSamples(), pass.logWeights());
    }

    /** Draws k reparameterized samples per input; the pass computes the densities the estimators need. */
    public SamplePass sample(NDArray x, int k, NDManager manager) {
        long batch = x.getShape().get(0);
        NDArray input = x;
        List<GaussianLayer.Moments> moments = new ArrayList<>();
        List<NDArray> noise = new ArrayList<>();
        List<NDArray> samples = new ArrayList<>();
        for (GaussianLayer layer : encoder) {
            GaussianLayer.Moments q = layer.moments(input);
            NDArray eps = manager.randomNormal(0f, 1f, new Shape(k, batch, layer.outDim()), DataType.FLOAT32);
            NDArray h = Gaussian.sample(q.mean(), q.logSigma(), eps);
            moments.add(q);
            noise.add(eps);
            samples.add(h);
            input = h;
        }
        return new SamplePass(this, x, moments, noise, samples);
    }

    /** log p(h) + log p(x | h) for samples h_1..h_L, as two [k, B] terms. */
    LogWeights joint(NDArray x, List<NDArray> samples) {
        NDArray logits = decoderOutput.apply(samples.get(0));
        NDArray logLikelihood = Bernoulli.logLikelihoodOfBinary(Bernoulli.signs(x), logits);
        return new LogWeights(logLikelihood, logPrior(samples), null);
    }

    /** log p(h_1..h_L) = log p(h_L) + sum log p(h_l | h_{l+1}) for samples h_1..h_L, [k, B]. */
    NDArray logPrior(List<NDArray> samples) {
        NDArray logPrior = Gaussian.standardLogDensity(samples.get(samples.size() - 1));
        for (int i = decoderLatent.size() - 1; i >= 0; i--) {
            GaussianLayer.Moments p = decoderLatent.get(i).moments(samples.get(i + 1));
            logPrior = logPrior.add(Gaussian.logDensity(samples.get(i), p.mean(), p.logSigma()));
        }
        return logPrior;
    }

    /**
     * The layers of p(x | h_1) in order, each {weight [out, in], bias [out]}; tanh follows every
     * layer but the last, whose outputs are the Bernoulli logits. For kernels that run the decoder
     * outside the engine's operations (the evaluation's native pass).
     */
    public List<NDArray[]> outputNetwork() {
        return decoderOutput.layers().stream().map(d -> new NDArray[] {d.weight(), d.bias()}).toList();
    }

    /**
     * log p(x | h_1) and log p(h_1..h_L) at given codes of every stochastic layer (each
     * [..., B, latent_l]). Gradients reach the codes, and the parameters too unless they are
     * constants ({@link #constantCopy}: what HMC and AIS use).
     *
     * @param x binary inputs [B, inputDim]
     * @param codes one array per stochastic layer, bottom first
     * @return the two terms, each [..., B]; no log q
     */
    public LogWeights logJointOfCodes(NDArray x, List<NDArray> codes) {
        return joint(x, codes);
    }

    /**
     * log q(h_1..h_L | x) at given codes of every layer.
     *
     * @param first the moments of q(h_1 | x), each [B, latent_1]
     * @param codes one array per stochastic layer, bottom first, each [..., B, latent_l]
     * @return [..., B]
     */
    public NDArray logPosteriorOfCodes(Posterior first, List<NDArray> codes) {
        NDArray logQ = Gaussian.logDensity(codes.get(0), first.mean(), first.logSigma());
        for (int l = 1; l < codes.size(); l++) {
            GaussianLayer.Moments q = encoder.get(l).moments(codes.get(l - 1));
            logQ = logQ.add(Gaussian.logDensity(codes.get(l), q.mean(), q.logSigma()));
        }
        return logQ;
    }

    /**
     * Ancestral draws of every stochastic layer from the prior p(h_L) prod p(h_{l-1} | h_l).
     *
     * @param leading the leading shape of the draws, e.g. [chains, B]
     * @param manager where the draws live; torch's generator supplies the noise
     * @return one array per layer, bottom first, each [leading..., latent_l]
     */
    public List<NDArray> priorDraws(Shape leading, NDManager manager) {
        NDArray[] draws = new NDArray[architecture.depth()];
        NDArray h = manager.randomNormal(0f, 1f, leading.addAll(new Shape(architecture.topLatent())), DataType.FLOAT32);
        draws[draws.length - 1] = h;
        for (int i = decoderLatent.size() - 1; i >= 0; i--) {
            GaussianLayer.Moments p = decoderLatent.get(i).moments(h);
            NDArray eps = manager.randomNormal(0f, 1f, p.mean().getShape(), DataType.FLOAT32);
            h = Gaussian.sample(p.mean(), p.logSigma(), eps);
            draws[i] = h;
        }
        return List.of(draws);
    }

    /**
     * Draws of every stochastic layer from q(h | x).
     *
     * @param first the moments of q(h_1 | x), each [B, latent_1]
     * @param samples draws per input
     * @param manager where the draws live; torch's generator supplies the noise
     * @return one array per layer, bottom first, each [samples, B, latent_l]
     */
    public List<NDArray> posteriorDraws(Posterior first, int samples, NDManager manager) {
        List<NDArray> draws = new ArrayList<>();
        NDArray mean = first.mean();
        NDArray logSigma = first.logSigma();
        for (int l = 0; l < encoder.size(); l++) {
            if (l > 0) {
                GaussianLayer.Moments q = encoder.get(l).moments(draws.get(l - 1));
                mean = q.mean();
                logSigma = q.logSigma();
            }
            NDArray eps = manager.randomNormal(0f, 1f,
                    l == 0 ? new Shape(samples).addAll(mean.getShape()) : mean.getShape(), DataType.FLOAT32);
            draws.add(Gaussian.sample(mean, logSigma, eps));
        }
        return draws;
    }

    /**
     * Bernoulli draws of x given codes h_1.
     *
     * @param h1 codes [..., latent_1]
     * @param manager where the draws live; torch's generator supplies the noise
     * @return binary images [..., inputDim]
     */
    public NDArray sampleImages(NDArray h1, NDManager manager) {
        NDArray means = decodeMeans(h1);
        return manager.randomUniform(0f, 1f, means.getShape(), DataType.FLOAT32).lt(means).toType(DataType.FLOAT32, false);
    }

    /** q's moments of layer {@code layer} (>= 1) for samples of the layer below. */
    GaussianLayer.Moments encoderMoments(int layer, NDArray below, boolean frozen) {
        return encoder.get(layer).moments(below, frozen);
    }
    /** The moments of q(h_1 | x), each [B, latent_1]. */
    public record Posterior(NDArray mean, NDArray logSigma) {}

    /**
     * The moments of q(h_l | h_{l-1}) of an upper layer of the inference network.
     *
     * @param layer the layer l, 1 for h_2 (0-based, at least 1)
     * @param below codes of the layer below, [..., latent_{l-1}]
     * @return its mean and log sigma, [..., latent_l]
     */
    public Posterior upperPosterior(int layer, NDArray below) {
        if (layer < 1 || layer >= encoder.size()) {
            throw new IllegalArgumentException("layer " + layer + " of " + encoder.size());
        }
        GaussianLayer.Moments q = encoder.get(layer).moments(below);
        return new Posterior(q.mean(), q.logSigma());
    }

    public Posterior firstPosterior(NDArray x) {
        GaussianLayer.Moments q = encoder.get(0).moments(x);
        return new Posterior(q.mean(), q.logSigma());
    }

    /** n draws of h_1 from the generative model's prior p(h_1) (through p(h_1 | h_2) when deeper), [n, latent_1]. */
    public NDArray priorSamples(int n, NDManager manager) {
        return priorDraws(new Shape(n), manager).get(0);
    }

    /**
     * log p(x, h) = log p(x | h) + log p(h) at given codes h [..., B, latent] of a model with one
     * stochastic layer (deeper models have no closed-form p(h_1)); x is [B, inputDim].
     */
    public NDArray logJoint(NDArray x, NDArray h) {
        if (architecture.depth() != 1) {
            throw new UserError("log p(x, h) on a grid needs a model with one stochastic layer, this one has "
                    + architecture.depth());
        }
        LogWeights joint = joint(x, List.of(h));
        return joint.logLikelihood().add(joint.logPrior());
    }

    /**
     * E_q[h_l | x] for each stochastic layer l, [B, latent_l]: exact for the first layer, a mean over
     * {@code samples} draws of the layers below for deeper ones.
     */
    public List<NDArray> posteriorMeans(NDArray x, int samples, NDManager manager) {
        List<NDArray> means = new ArrayList<>();
        GaussianLayer.Moments q = encoder.get(0).moments(x);
        means.add(q.mean());
        long batch = x.getShape().get(0);
        for (int i = 1; i < encoder.size(); i++) {
            NDArray eps = manager.randomNormal(0f, 1f, new Shape(samples, batch, encoder.get(i - 1).outDim()),
                    DataType.FLOAT32);
            q = encoder.get(i).moments(Gaussian.sample(q.mean(), q.logSigma(), eps));
            means.add(q.mean().mean(new int[] {0}));
        }
        return means;
    }

    /**
     * Each latent unit's share of the KL term E_q[log q(h | x) - log p(h)], [B, latent_l] per
     * stochastic layer (evaluation only: no gradients are meant to flow). The top layer's is the
     * closed-form KL(q(h_L | h_{L-1}) || N(0, I)) of each unit, exact for a model with one stochastic
     * layer; a lower layer's is E_q[log q(h_lu | h_{l-1}) - log p(h_lu | h_{l+1})] over
     * {@code samples} draws from q. Summed over units and layers it is the KL term of the ELBO.
     */
    public List<NDArray> klPerUnit(NDArray x, int samples, NDManager manager) {
        if (encoder.size() == 1) {
            GaussianLayer.Moments q = encoder.get(0).moments(x);
            return List.of(Gaussian.klToStandardPerUnit(q.mean(), q.logSigma()));
        }
        long batch = x.getShape().get(0);
        List<GaussianLayer.Moments> moments = new ArrayList<>();
        List<NDArray> samplesOfLayers = new ArrayList<>();
        NDArray input = x;
        for (GaussianLayer layer : encoder) {
            GaussianLayer.Moments q = layer.moments(input);
            NDArray eps = manager.randomNormal(0f, 1f, new Shape(samples, batch, layer.outDim()), DataType.FLOAT32);
            input = Gaussian.sample(q.mean(), q.logSigma(), eps);
            moments.add(q);
            samplesOfLayers.add(input);
        }
        List<NDArray> kl = new ArrayList<>();
        for (int l = 0; l + 1 < encoder.size(); l++) {
            GaussianLayer.Moments p = decoderLatent.get(l).moments(samplesOfLayers.get(l + 1));
            NDArray h = samplesOfLayers.get(l);
            GaussianLayer.Moments q = moments.get(l);
            kl.add(Gaussian.logDensityPerUnit(h, q.mean(), q.logSigma())
                    .sub(Gaussian.logDensityPerUnit(h, p.mean(), p.logSigma())).mean(new int[] {0}));
        }
        GaussianLayer.Moments top = moments.get(moments.size() - 1);
        kl.add(Gaussian.klToStandardPerUnit(top.mean(), top.logSigma()).mean(new int[] {0}));
        return kl;
    }

    /** Means of the Bernoulli output for latent codes h_1 [..., latent_1]. */
    public NDArray decodeMeans(NDArray h1) {
        return Activation.sigmoid(decoderOutput.apply(h1));
    }
}
