package org.iwae4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.FlatBuffer;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Parameters;

/**
 * Adam as in Kingma &amp; Ba 2015, Algorithm 1, and torch.optim.Adam: epsilon added to the
 * bias-corrected sqrt(v). (The IWAE paper's own code differs: beta1 0.99, v starting at ones, and
 * epsilon on the uncorrected sqrt(v).) It drives DJL's fused native update, whose epsilon is added to
 * the uncorrected sqrt(v); passing eps * sqrt(1 - beta2^t) gives exactly Algorithm 1. The moments and
 * step count are exposed for checkpoints.
 *
 * <p>When the parameters are a model's flattened {@link Parameters} (one buffer, one gradient),
 * the moments are flat too and a step is a handful of native calls: one reduction and one read
 * for the finiteness check, one update, one zeroing. The update is then libtorch's fused Adam
 * kernel (one pass over the buffers, see {@link FusedAdamKernel}) where the engine has it. Otherwise
 * it works array by array. Either way the per-parameter moments keep their names ("adam.m.NAME",
 * "adam.v.NAME") in checkpoints.
 */
public final class Adam {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final List<NDArray> parameters;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    /** The parameters' flat layout, or null when they are separate arrays. */
    private final Parameters.Flat flat;
    private final FlatBuffer flatMeans;
    private final FlatBuffer flatVariances;
    /** libtorch's fused Adam kernel, where the engine has it (flat layout only), else null. */
    private final FusedAdamKernel.Bound fused;
    /** The step count as a float32 tensor, for the fused kernel. */
    private final FlatBuffer stepCount;
    private long step;

    private final boolean epsilonOnCorrected;
    private final boolean lagged;

    public Adam(List<NDArray> parameters, NDManager stateManager, float beta1, float beta2, float epsilon) {
        this(parameters, stateManager, new AdamVariant(beta1, beta2, epsilon, true, 0f, false));
    }

    /** Adam as {@code variant} says: Algorithm 1 ({@link AdamVariant#PAPER}) or the paper's code's ({@link AdamVariant#BURDA}). */
    public Adam(List<NDArray> parameters, NDManager stateManager, AdamVariant variant) {
        this.beta1 = variant.beta1();
        this.beta2 = variant.beta2();
        this.epsilon = variant.epsilon();
        this.epsilonOnCorrected = variant.epsilonOnCorrected();
        this.lagged = variant.lagged();
        this.parameters = List.copyOf(parameters);
        this.flat = Parameters.flatOf(this.parameters);
        this.flatMeans = flat == null ? null : FlatBuffer.zeros(stateManager, flat.size());
        this.flatVariances = flat == null ? null : FlatBuffer.zeros(stateManager, flat.size());
        // The fused kernel is torch's Adam: epsilon after the bias correction, this step's moments.
        FusedAdamKernel kernel = flat == null || !epsilonOnCorrected || lagged ? null : FusedAdamKernel.get();
        this.stepCount = kernel == null ? null : FlatBuffer.zeros(stateManager, 1);
        this.fused = kernel == null ? null : kernel.bind(flat.data(), flat.gradient(), flatMeans.array(),
                flatVariances.array(), stepCount.array(), beta1, beta2, epsilon, stateManager);
        for (int i = 0; i < this.parameters.size(); i++) {
            NDArray p = this.parameters.get(i);
            NDArray m = stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice());
            m.setName("adam.m." + p.getName());
            NDArray v = variant.initialSecondMoment() == 0f
                    ? stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice())
                    : stateManager.full(p.getShape(), variant.initialSecondMoment(), p.getDataType(), p.getDevice());
            v.setName("adam.v." + p.getName());
            if (flat != null) {
                flatMeans.alias(m, flat.offsets()[i]);
                flatVariances.alias(v, flat.offsets()[i]);
            }
            means.add(m);
            variances.add(v);
        }
    }

    /** The paper's setting: beta1 0.9, beta2 0.999, epsilon 1e-4. */
    public static Adam paper(List<NDArray> parameters, NDManager stateManager) {
        return new Adam(parameters, stateManager, 0.9f, 0.999f, 1e-4f);
    }

    public long step() {
        return step;
    }

    /** Whether the update runs on one flat buffer (true for a model's flattened parameters on the CPU). */
    public boolean flat() {
        return flat != null;
    }

    /** Whether the update runs libtorch's fused kernel. */
    public boolean fused() {
        return fused != null;
    }

    /**
     * The flat state of the fused update, for a training step that runs libtorch's fused Adam kernel
     * itself on gradients of its own: the same update {@link #update} applies, on the same moments
     * and step count (so checkpoints and resume see no difference).
     *
     * @param parameters the flat parameter buffer
     * @param means the flat first moments
     * @param variances the flat second moments
     * @param stepCount the step count t as a float32 scalar, written by {@link #prepareExternalStep()}
     * @param beta1 the first moments' decay
     * @param beta2 the second moments' decay
     * @param epsilon added to the bias-corrected sqrt(v)
     */
    public record FusedState(NDArray parameters, NDArray means, NDArray variances, NDArray stepCount, float beta1,
            float beta2, float epsilon) {}

    /** @return the fused update's state, or null where this optimizer does not run the fused flat update */
    public FusedState fusedState() {
        return fused == null ? null : new FusedState(flat.data(), flatMeans.array(), flatVariances.array(),
                stepCount.array(), beta1, beta2, epsilon);
    }

    /** @return whether libtorch's fused Adam kernel runs here (Adam as in the paper then uses it) */
    public static boolean fusedKernelAvailable() {
        return FusedAdamKernel.get() != null;
    }

    /** Before an update applied through {@link #fusedState()}: writes the step count it will use (no native call). */
    public void prepareExternalStep() {
        stepCount.put(0, (float) (step + 1));
    }

    /** After an update applied through {@link #fusedState()}: counts it. */
    public void externalStepApplied() {
        step++;
    }

    /**
     * One descent step on the gradients accumulated by backward(), which it then zeroes (libtorch
     * accumulates into .grad on every backward). When {@code requireFinite} and any gradient holds
     * a NaN or infinity, nothing is applied, the gradients are zeroed and false is returned.
     */
    public boolean update(float learningRate, boolean requireFinite) {
        return flat != null && !lagged ? updateFlat(learningRate, requireFinite) : updateEach(learningRate, requireFinite);
    }

    private float correctedRate(float learningRate) {
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        return (float) (learningRate * Math.sqrt(c2) / c1);
    }

    /** Epsilon for an update that adds it to the uncorrected sqrt(v) (DJL's, the original code's). */
    private float scaledEpsilon() {
        return epsilonOnCorrected ? (float) (epsilon * Math.sqrt(1 - Math.pow(beta2, step))) : epsilon;
    }

    private boolean updateFlat(float learningRate, boolean requireFinite) {
        NDArray gradient = flat.gradient();
        if (requireFinite) {
            boolean finite;
            try (NDArray sum = gradient.sum()) {
                finite = Float.isFinite(sum.getFloat());
            }
            if (!finite) {
                flat.zeroGradients();
                return false;
            }
        }
        step++;
        if (fused != null) {
            stepCount.put(0, (float) step);
            fused.update(learningRate);
        } else {
            JniUtils.adamUpdate((PtNDArray) flat.data(), (PtNDArray) gradient, (PtNDArray) flatMeans.array(),
                    (PtNDArray) flatVariances.array(), learningRate, correctedRate(learningRate), 0f, 1f, -1f, beta1,
                    beta2, scaledEpsilon(), false);
        }
        flat.zeroGradients();
        return true;
    }

    private boolean updateEach(float learningRate, boolean requireFinite) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        try {
            for (NDArray p : parameters) {
                gradients.add(p.getGradient());
            }
            if (requireFinite && !allFinite(gradients)) {
                discardGradients();
                return false;
            }
            step++;
            float correctedRate = correctedRate(learningRate);
            float scaledEpsilon = scaledEpsilon();
            if (lagged) {
                laggedStep(gradients, correctedRate, scaledEpsilon);
                return true;
            }
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArrayEx ex = p.getNDArrayInternal();
                ex.adamUpdate(new NDList(p, gradients.get(i), means.get(i), variances.get(i)), new NDList(p),
                        learningRate, correctedRate, 0f, 1f, -1f, beta1, beta2, scaledEpsilon, false, false);
            }
            discardGradients();
            return true;
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    /**
     * p -= rate * m / (sqrt(v) + eps) with the moments as they were, then the moments take the
     * gradient: the original code's order (unfused; only the reproduction option uses it).
     */
    private void laggedStep(List<NDArray> gradients, float rate, float eps) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray m = means.get(i);
            NDArray v = variances.get(i);
            NDArray g = gradients.get(i);
            try (NDArray denominator = v.sqrt().addi(eps); NDArray delta = m.div(denominator).muli(rate)) {
                p.subi(delta);
            }
            try (NDArray scaled = g.mul(1 - beta1)) {
                m.muli(beta1).addi(scaled);
            }
            try (NDArray squared = g.square().muli(1 - beta2)) {
                v.muli(beta2).addi(squared);
            }
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /**
     * Whether every value of the arrays is finite: one reduction per array and one read (a sum is
     * finite only if every element is), or one reduction in all for a model's flattened parameters.
     */
    public static boolean allFinite(List<NDArray> arrays) {
        Parameters.Flat layout = Parameters.flatOf(arrays);
        if (layout != null) {
            try (NDArray sum = layout.data().sum()) {
                return Float.isFinite(sum.getFloat());
            }
        }
        NDArray total = null;
        for (NDArray a : arrays) {
            NDArray sum = a.sum();
            if (total == null) {
                total = sum;
            } else {
                total.addi(sum);
                sum.close();
            }
        }
        if (total == null) {
            return true;
        }
        try (NDArray sum = total) {
            return Float.isFinite(sum.getFloat());
        }
    }

    /** Drops the accumulated gradients without applying them. */
    public void discardGradients() {
        if (flat != null) {
            flat.zeroGradients();
            return;
        }
        for (NDArray p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /** First and second moments, named after their parameters. */
    public NDList state() {
        NDList list = new NDList();
        list.addAll(means);
        list.addAll(variances);
        return list;
    }

    /** Restores moments saved by {@link #state()} and the step count. */
    public void restore(NDList saved, long savedStep) {
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : saved) {
            byName.put(a.getName(), a);
        }
        copyInto(means, flatMeans, byName);
        copyInto(variances, flatVariances, byName);
        this.step = savedStep;
    }

    private void copyInto(List<NDArray> targets, FlatBuffer buffer, Map<String, NDArray> saved) {
        for (int i = 0; i < targets.size(); i++) {
            NDArray target = targets.get(i);
            NDArray source = saved.get(target.getName());
            if (source == null || !source.getShape().equals(target.getShape())) {
                throw new UserError("checkpoint lacks optimizer state '" + target.getName() + "' of shape " + target.getShape());
            }
            if (buffer != null) {
                buffer.copyInto(flat.offsets()[i], source); // the target shares the flat memory: copy, keep it shared
            } else {
                // intern, not set(buffer): DJL's set goes through a JNI call that makes libtorch print an
                // AutoNonVariableTypeMode deprecation warning on stderr.
                target.intern(source.toType(source.getDataType(), true));
            }
        }
    }
}
