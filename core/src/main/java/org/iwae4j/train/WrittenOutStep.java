package org.iwae4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.FlatBuffer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.TorchScript;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.objective.GradientEstimator;
import org.iwae4j.objective.IwaeBound;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Reparameterized;
import org.iwae4j.objective.VaeBound;
import org.iwae4j.optim.Adam;

/**
 * The fast training step for the paper's configurations (VAE or IWAE bound, reparameterization
 * estimator, Adam as in the paper, 1 or 2 stochastic layers, CPU): forward, the backward pass written
 * out by hand and the fused Adam update as one TorchScript method ({@link WrittenOutProgram}), about
 * three native calls per step (seed, run, release) instead of ~120-220. Its gradients equal the
 * general path's ({@link AutogradStep}) on the same draws up to rounding (WrittenOutStepTest).
 *
 * <p>It keeps everything across steps: the argument lists, a gradient buffer of its own with the
 * flat parameters' layout (every region is overwritten each step, so it needs no zeroing and the
 * model's own gradients stay untouched), the input rows and a small exchange tensor
 * [rows, learning rate, -, bound, applied], both written and read through memory.
 */
public final class WrittenOutStep implements TrainingStep {
    private static TorchScript program;
    private static boolean tried;
    private static String compileError;

    private final Adam adam;
    private final int dim;
    private final FlatBuffer gradients;
    private final FlatBuffer io;
    private final NDManager owner;
    private final List<IValue> fixed = new ArrayList<>();
    private final IValue params;
    private final IValue grads;
    private final IValue latent;
    private final IValue constants;
    private final IValue hiddenLayers;
    private final IValue samples;
    private final IValue iwae;
    private final IValue logK;
    private final IValue[] adamArguments;
    private FlatBuffer input;
    private IValue inputValue;
    private int capacity;

    private WrittenOutStep(Autoencoder model, Objective objective, int k, Adam adam, NDManager base) {
        this.adam = adam;
        Architecture architecture = model.architecture();
        this.dim = architecture.inputDim();
        Parameters.Flat flat = model.parameters().flat();
        this.owner = base.newSubManager();
        this.gradients = FlatBuffer.zeros(owner, flat.size());
        List<NDArray> dense = model.denseParameters();
        PtNDArray[] paramArrays = new PtNDArray[dense.size()];
        PtNDArray[] gradArrays = new PtNDArray[dense.size()];
        for (int i = 0; i < dense.size(); i++) {
            NDArray p = dense.get(i);
            NDArray g = owner.zeros(p.getShape());
            gradients.rebind(g, offsetOf(flat, p));
            paramArrays[i] = (PtNDArray) p;
            gradArrays[i] = (PtNDArray) g;
        }
        this.io = FlatBuffer.zeros(owner, 5);
        Adam.FusedState state = adam.fusedState();
        params = keep(IValue.listFrom(paramArrays));
        grads = keep(IValue.listFrom(gradArrays));
        latent = keep(IValue.listFrom(architecture.latent().stream().mapToLong(Integer::longValue).toArray()));
        constants = keep(IValue.listFrom(architecture.latent().stream()
                .mapToDouble(d -> (float) (d * (0.5 * Math.log(2 * Math.PI)))).toArray()));
        hiddenLayers = keep(IValue.from((long) architecture.deterministicLayers()));
        samples = keep(IValue.from((long) k));
        iwae = keep(IValue.from(objective instanceof IwaeBound));
        logK = keep(IValue.from(Math.log(k)));
        adamArguments = new IValue[] {
            keep(IValue.listFrom((PtNDArray) state.parameters())),
            keep(IValue.listFrom((PtNDArray) gradients.array())),
            keep(IValue.listFrom((PtNDArray) state.means())),
            keep(IValue.listFrom((PtNDArray) state.variances())),
            keep(IValue.listFrom((PtNDArray) state.stepCount())),
            keep(IValue.from((PtNDArray) io.array())),
            keep(IValue.from((double) state.beta1())),
            keep(IValue.from((double) state.beta2())),
            keep(IValue.from((double) state.epsilon())),
        };
        owner.attachInternal("written-out-step-" + java.util.UUID.randomUUID(), this::closeArguments);
    }

    private IValue keep(IValue value) {
        fixed.add(value);
        return value;
    }

    private void closeArguments() {
        fixed.forEach(IValue::close);
        if (inputValue != null) {
            inputValue.close();
        }
    }

    private static long offsetOf(Parameters.Flat flat, NDArray p) {
        for (int i = 0; i < flat.arrays().size(); i++) {
            if (flat.arrays().get(i) == p) {
                return flat.offsets()[i];
            }
        }
        throw new IllegalStateException("parameter " + p.getName() + " is not in the flat buffer");
    }

    /** The compiled program, once per process, or null where the engine cannot compile it. */
    static synchronized TorchScript program() {
        if (!tried) {
            tried = true;
            try {
                program = TorchScript.compile(WrittenOutProgram.CLASS, WrittenOutProgram.CODE);
            } catch (RuntimeException e) {
                program = null;
                compileError = String.valueOf(e.getMessage()).lines().limit(12).collect(java.util.stream.Collectors.joining(" | "));
            }
        }
        return program;
    }

    /**
     * Why the fast path does not apply to a configuration, or null where it does.
     *
     * @param config a run's configuration
     * @return the reason, in words, or null
     */
    static String unsupported(org.iwae4j.config.TrainConfig config) {
        if (!config.model().equals("vae") && !config.model().equals("iwae")) {
            return "it covers the vae and iwae bounds only, not " + config.model();
        }
        if (config.estimator() != org.iwae4j.objective.Estimator.REPARAM) {
            return "it covers the reparam estimator only, not " + config.estimator().id();
        }
        if (config.optimizer() != org.iwae4j.optim.Optimizer.ADAM || !Adam.fusedKernelAvailable()) {
            return "it covers the optimizer adam with libtorch's fused kernel only";
        }
        if (config.warmup() > 0) {
            return "it has no KL warm-up";
        }
        if (config.layers() > 2) {
            return "it covers 1 and 2 stochastic layers, not " + config.layers();
        }
        if (Torch.device(config.device()).isGpu()) {
            return "it runs on the CPU only";
        }
        return program() == null ? "the engine could not compile its program (" + compileError + ")" : null;
    }

    /**
     * Why the fast path does not apply, or null where it does.
     *
     * @param model the model
     * @param objective the bound
     * @param estimator the gradient estimator
     * @param adam the optimizer
     * @return the reason, in words, or null
     */
    public static String unsupported(Autoencoder model, Objective objective, GradientEstimator estimator, Adam adam) {
        if (!(objective instanceof VaeBound) && !(objective instanceof IwaeBound)) {
            return "it covers the vae and iwae bounds only, not " + objective.name();
        }
        if (!(estimator instanceof Reparameterized)) {
            return "it covers the reparam estimator only, not " + estimator.name();
        }
        int depth = model.architecture().depth();
        if (depth > 2) {
            return "it covers 1 and 2 stochastic layers, not " + depth;
        }
        if (model.parameters().flat() == null) {
            return "it needs the parameters in one flat buffer on the CPU";
        }
        if (adam.fusedState() == null) {
            return "it covers the optimizer adam with libtorch's fused kernel only";
        }
        if (program() == null) {
            return "the engine could not compile its program (" + compileError + ")";
        }
        return null;
    }

    /**
     * The fast step.
     *
     * @throws UserError where it does not apply ({@link #unsupported})
     */
    static WrittenOutStep create(Autoencoder model, Objective objective, GradientEstimator estimator, int k, Adam adam,
            NDManager base) {
        String why = unsupported(model, objective, estimator, adam);
        if (why != null) {
            throw new UserError("the fast training path does not apply here: " + why + " (use the general path)");
        }
        return new WrittenOutStep(model, objective, k, adam, base);
    }

    private void reserve(int rows) {
        if (rows <= capacity) {
            return;
        }
        if (inputValue != null) {
            inputValue.close();
        }
        input = FlatBuffer.zeros(owner, (long) rows * dim);
        try (NDArray view = input.array().reshape(rows, dim)) {
            inputValue = IValue.from((PtNDArray) view);
        }
        capacity = rows;
    }

    @Override
    public Result run(float[] batch, int rows, int dim, float learningRate, float klWeight, SeededRandom rng) {
        if (klWeight != 1f) {
            throw new IllegalStateException("the fast training path has no KL warm-up (runs with warm-up take the general path)");
        }
        if (dim != this.dim) {
            throw new IllegalArgumentException("images of " + dim + " pixels for a model of " + this.dim);
        }
        reserve(Math.max(rows, batch.length / dim));
        input.put(0, batch, 0, rows * dim);
        io.put(0, rows);
        io.put(1, learningRate);
        adam.prepareExternalStep();
        Torch.seed(rng.nextTorchSeed());
        try (IValue result = program.run("step", params, grads, inputValue, latent, constants, hiddenLayers, samples, iwae, logK,
                adamArguments[0], adamArguments[1], adamArguments[2], adamArguments[3], adamArguments[4],
                adamArguments[5], adamArguments[6], adamArguments[7], adamArguments[8])) {
            // the outcome is in io
        }
        boolean applied = io.get(4) == 1f;
        if (applied) {
            adam.externalStepApplied();
        }
        return new Result(io.get(3), applied);
    }

    /**
     * The bound and gradients of one minibatch without an update, for checks against the general path.
     *
     * @param x the minibatch, [rows, dim], binary
     * @param seed torch's seed for the draws
     * @return the mean bound; the gradient of the negative mean bound is in {@link #gradient()}
     */
    float gradientsOnly(NDArray x, long seed) {
        Torch.seed(seed);
        try (IValue xValue = IValue.from((PtNDArray) x);
                IValue result = program.run("gradients", params, grads, xValue, latent, constants, hiddenLayers, samples, iwae,
                        logK)) {
            return result.toTensor((ai.djl.pytorch.engine.PtNDManager) x.getManager()).getFloat();
        }
    }

    /** @return the gradient buffer, laid out as the model's flat parameters */
    NDArray gradient() {
        return gradients.array();
    }
}
