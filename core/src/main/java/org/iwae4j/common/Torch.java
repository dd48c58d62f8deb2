package org.iwae4j.common;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one entry point to the engine. Loading this class first applies the process set-up
 * ({@link ProcessEnvironment}: DJL's tracking off, MKL's reproducible rounding, the malloc
 * thresholds, OpenMP threads that sleep instead of spinning) and forbids native downloads, before
 * DJL's own static initializers or the engine's native libraries can run: the engine is reached
 * only through here.
 */
public final class Torch {
    private static final java.util.Map<String, String> APPLIED;

    static {
        APPLIED = ProcessEnvironment.applyToThisProcess();
        setIfAbsent("ai.djl.offline", "true");
    }

    private Torch() {}

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** @return the PyTorch engine, loaded on first use */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /**
     * "cpu", "gpu" or "auto" (a GPU when the engine sees one).
     *
     * @param name the device's name as the user gives it
     * @return the engine's device
     */
    public static Device device(String name) {
        return device(ComputeDevice.of(name));
    }

    /**
     * The engine's device for a choice; {@code GPU} fails when the engine sees none.
     *
     * @param device the user's choice
     * @return the engine's device
     * @throws UserError if a GPU is asked for and none is visible
     */
    public static Device device(ComputeDevice device) {
        return switch (device) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (engine().getGpuCount() == 0) {
                    throw new UserError("device gpu: no GPU is visible to PyTorch");
                }
                yield Device.gpu();
            }
            case AUTO -> engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
    }

    /**
     * A new base manager of the engine; close it to free its arrays.
     *
     * @param device where its arrays live
     * @return the manager
     */
    public static NDManager newManager(Device device) {
        return NDManager.newBaseManager(device, "PyTorch");
    }

    /**
     * Intra-op threads; inter-op parallelism is not used by these models.
     *
     * @param threads the number of threads
     */
    public static void setThreads(int threads) {
        engine();
        JniUtils.setNumThreads(threads);
    }

    /** @return the engine's intra-op threads */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /**
     * Seeds torch's global generator (CPU and CUDA).
     *
     * @param seed the seed
     */
    public static void seed(long seed) {
        engine();
        JniUtils.setSeed(seed);
    }

    /**
     * x * c with a factor that torch owns. DJL turns a Java number into a tensor over Java memory
     * and frees it right after the op, but autograd keeps that tensor for the backward pass of a
     * product: after a garbage collection the backward pass read freed memory and gave arbitrary
     * gradients. Use this for every multiplication by a constant that gradients flow through.
     *
     * @param x the array
     * @param c the factor
     * @return x * c, in x's manager
     */
    public static NDArray times(NDArray x, float c) {
        return x.mul(x.getManager().full(new Shape(), c));
    }

    /** @return the process set-up this JVM applied itself (its environment lacked them), for provenance */
    public static java.util.Map<String, String> appliedEnvironment() {
        return APPLIED;
    }

    /** @return libtorch's version, for provenance */
    public static String engineVersion() {
        return engine().getVersion();
    }

    /** @return DJL's version, for provenance */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }
}
