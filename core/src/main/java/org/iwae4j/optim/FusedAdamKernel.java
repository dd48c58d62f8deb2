package org.iwae4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.IValue;
import org.iwae4j.common.Torch;
import org.iwae4j.common.TorchScript;

/**
 * libtorch's fused Adam kernel ({@code torch._fused_adam_}: one vectorized pass that reads the
 * parameter, gradient and both moments and writes them back) reached through a three-line
 * TorchScript method, because DJL's JNI has no binding for it. DJL's own update instead runs about
 * eleven elementwise passes with temporaries, which made it the largest cost of a step at small k.
 * The method is compiled in memory ({@link TorchScript}); where
 * the engine cannot load or run it (no CPU kernel in older libtorch builds), {@link #get()} gives null
 * and Adam keeps DJL's update.
 *
 * <p>Semantics are torch.optim.Adam's, i.e. Kingma and Ba's Algorithm 1 with epsilon added to the
 * bias-corrected sqrt(v): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
final class FusedAdamKernel {
    private static final String CODE = String.join("\n",
            "class FusedAdam(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.FusedAdam,",
            "    x: Tensor) -> Tensor:",
            "    return x",
            "  def step(self: __torch__.FusedAdam,",
            "    params: List[Tensor],",
            "    grads: List[Tensor],",
            "    means: List[Tensor],",
            "    variances: List[Tensor],",
            "    steps: List[Tensor],",
            "    lr: float,",
            "    beta1: float,",
            "    beta2: float,",
            "    eps: float) -> int:",
            "    torch._fused_adam_(params, grads, means, variances, annotate(List[Tensor], []), steps, lr=lr,"
                    + " beta1=beta1, beta2=beta2, weight_decay=0., eps=eps, amsgrad=False, maximize=False)",
            "    return 0",
            "");

    private static FusedAdamKernel instance;
    private static boolean tried;

    private final TorchScript script;

    private FusedAdamKernel(TorchScript script) {
        this.script = script;
    }

    /** The kernel, loaded once per process, or null where the engine cannot run it. */
    static synchronized FusedAdamKernel get() {
        if (!tried) {
            tried = true;
            if (!Boolean.getBoolean("iwae.adam.unfused")) {
                instance = load();
            }
        }
        return instance;
    }

    private static FusedAdamKernel load() {
        try {
            FusedAdamKernel kernel = new FusedAdamKernel(TorchScript.compile("FusedAdam", CODE));
            try (NDManager manager = Torch.newManager(ai.djl.Device.cpu())) {
                kernel.selfTest(manager);
            }
            return kernel;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One step on a known case; throws if the kernel is missing or computes something else. */
    private void selfTest(NDManager manager) {
        try (NDArray p = manager.create(new float[] {1f, 2f});
                NDArray g = manager.create(new float[] {0.5f, -0.25f});
                NDArray m = manager.zeros(p.getShape());
                NDArray v = manager.zeros(p.getShape());
                NDArray t = manager.create(1f)) {
            update(p, g, m, v, t, 0.01f, 0.9f, 0.999f, 0f);
            float[] result = p.toFloatArray();
            if (Math.abs(result[0] - 0.99f) > 1e-6 || Math.abs(result[1] - 2.01f) > 1e-6) {
                throw new IllegalStateException("fused Adam self-test gave " + result[0] + ", " + result[1]);
            }
        }
    }

    /**
     * The kernel bound to fixed arrays: their argument lists are made once and closed with
     * {@code owner} (a step then costs the call, one learning-rate value and two deletions).
     */
    Bound bind(NDArray param, NDArray grad, NDArray mean, NDArray variance, NDArray step, float beta1, float beta2,
            float epsilon, ai.djl.ndarray.NDManager owner) {
        Bound bound = new Bound(IValue.listFrom((PtNDArray) param), IValue.listFrom((PtNDArray) grad),
                IValue.listFrom((PtNDArray) mean), IValue.listFrom((PtNDArray) variance),
                IValue.listFrom((PtNDArray) step), IValue.from((double) beta1), IValue.from((double) beta2),
                IValue.from((double) epsilon));
        owner.attachInternal("fused-adam-" + java.util.UUID.randomUUID(), bound);
        return bound;
    }

    /** Argument lists of one Adam instance, released with its state's manager. */
    final class Bound implements AutoCloseable {
        private final IValue[] fixed;

        private Bound(IValue... fixed) {
            this.fixed = fixed;
        }

        void update(float learningRate) {
            try (IValue lr = IValue.from((double) learningRate);
                    IValue result = script.run("step", fixed[0], fixed[1], fixed[2], fixed[3],
                            fixed[4], lr, fixed[5], fixed[6], fixed[7])) {
                // in place; the result is a constant
            }
        }

        @Override
        public void close() {
            for (IValue v : fixed) {
                v.close();
            }
        }
    }

    /** One step on whole arrays; {@code step} holds the 1-based step count t as a float32 scalar. */
    void update(NDArray param, NDArray grad, NDArray mean, NDArray variance, NDArray step, float learningRate,
            float beta1, float beta2, float epsilon) {
        try (IValue p = IValue.listFrom((PtNDArray) param);
                IValue g = IValue.listFrom((PtNDArray) grad);
                IValue m = IValue.listFrom((PtNDArray) mean);
                IValue v = IValue.listFrom((PtNDArray) variance);
                IValue t = IValue.listFrom((PtNDArray) step);
                IValue lr = IValue.from((double) learningRate);
                IValue b1 = IValue.from((double) beta1);
                IValue b2 = IValue.from((double) beta2);
                IValue eps = IValue.from((double) epsilon);
                IValue result = script.run("step", p, g, m, v, t, lr, b1, b2, eps)) {
            // in place; the result is a constant
        }
    }
}
