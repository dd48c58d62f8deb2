package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.FlatBuffer;
import org.iwae4j.common.UserError;

/**
 * The named parameter arrays of a model, owned by one long-lived manager. Either freshly
 * initialized (Glorot uniform weights, zero biases; torch's generator must be seeded first) or
 * restored by name from saved arrays.
 *
 * <p>Once the model has registered all of them, {@link #flatten()} moves the arrays into one flat
 * buffer and their gradients into one flat gradient (each array keeps its name, shape and values;
 * it only shares memory with its region). The optimizer then updates, checks and zeroes all of
 * them with a handful of native calls per step instead of several per array.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> saved;
    /** False for constants: no gradients, no flat buffer. */
    private final boolean trainable;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private Flat flat;

    /** Flattened parameter sets alive in this process, for {@link #flatOf}. */
    private static final List<WeakReference<Parameters>> FLATTENED = new ArrayList<>();

    /**
     * The parameters in one buffer: {@code data} is a leaf whose gradient is the flat gradient;
     * parameter i occupies floats [offsets[i], offsets[i] + size_i) of both.
     */
    public record Flat(NDArray data, NDArray gradient, List<NDArray> arrays, long[] offsets) {
        public long size() {
            return data.size();
        }

        /** Sets every gradient to zero: one native call. */
        public void zeroGradients() {
            JniUtils.zeroGrad((PtNDArray) data);
        }
    }

    private Parameters(NDManager parent, NDList savedArrays) {
        this(parent, savedArrays, true);
    }

    private Parameters(NDManager parent, NDList savedArrays, boolean trainable) {
        this.trainable = trainable;
        this.manager = parent.newSubManager();
        if (savedArrays == null) {
            this.saved = null;
        } else {
            this.saved = new HashMap<>();
            for (NDArray array : savedArrays) {
                array.attach(manager);
                saved.put(array.getName(), array);
            }
        }
    }

    public static Parameters initialized(NDManager parent) {
        return new Parameters(parent, null);
    }

    public static Parameters restored(NDManager parent, NDList savedArrays) {
        return new Parameters(parent, savedArrays);
    }

    /**
     * Saved arrays as constants: they take no gradient, so a backward pass through the model
     * computes gradients for its inputs only (see {@link Autoencoder#constantCopy}).
     *
     * @param parent the manager whose sub-manager owns them
     * @param savedArrays the named arrays
     * @return the constant parameters
     */
    public static Parameters constants(NDManager parent, NDList savedArrays) {
        return new Parameters(parent, savedArrays, false);
    }

    /** Glorot (Xavier) uniform for a [fanOut, fanIn] weight, or stacked heads with a smaller fan-out each. */
    NDArray glorotUniform(String name, Shape shape, long fanOut) {
        float limit = (float) Math.sqrt(6.0 / (fanOut + shape.get(1)));
        return register(name, shape, () -> manager.randomUniform(-limit, limit, shape, DataType.FLOAT32));
    }

    NDArray zeros(String name, Shape shape) {
        return register(name, shape, () -> manager.zeros(shape, DataType.FLOAT32));
    }

    NDArray constant(String name, float[] values) {
        Shape shape = new Shape(values.length);
        return register(name, shape, () -> manager.create(values, shape));
    }

    /**
     * Moves the registered arrays into one flat buffer and gives each a gradient inside one flat
     * gradient (zero). Idempotent; no-op off the CPU. No array may be registered afterwards.
     */
    public synchronized void flatten() {
        if (flat != null || !trainable || arrays.isEmpty() || !FlatBuffer.supported(manager)) {
            return;
        }
        List<NDArray> list = List.copyOf(arrays.values());
        List<Long> sizes = new ArrayList<>();
        list.forEach(a -> sizes.add(a.size()));
        long[] offsets = FlatBuffer.layout(sizes);
        FlatBuffer data = FlatBuffer.zeros(manager, offsets[list.size()]);
        for (int i = 0; i < list.size(); i++) {
            data.alias(list.get(i), offsets[i]);
        }
        NDArray flatData = data.array();
        flatData.setName("parameters.flat");
        flatData.setRequiresGradient(true);
        // Give every array (and the flat buffer) a gradient by one backward pass; each array's
        // gradient is then made to share the flat gradient's memory. libtorch accumulates into a
        // defined gradient in place, so later backward passes write into the flat gradient.
        boolean gradMode = JniUtils.isGradMode();
        List<NDArray> temporaries = new ArrayList<>();
        try {
            JniUtils.setGradMode(true);
            NDArray total = flatData.sum();
            temporaries.add(total);
            for (NDArray a : list) {
                NDArray sum = a.sum();
                temporaries.add(sum);
                total = total.add(sum);
                temporaries.add(total);
            }
            NDArray seed = total.onesLike();
            temporaries.add(seed);
            JniUtils.backward((PtNDArray) total, (PtNDArray) seed, false, false);
        } finally {
            JniUtils.setGradMode(gradMode);
            temporaries.forEach(NDArray::close);
        }
        NDArray gradient = flatData.getGradient();
        JniUtils.zeroGrad((PtNDArray) flatData);
        FlatBuffer gradients = FlatBuffer.over(gradient);
        for (int i = 0; i < list.size(); i++) {
            try (NDArray g = list.get(i).getGradient()) {
                gradients.rebind(g, offsets[i]);
            }
        }
        flat = new Flat(flatData, gradient, list, offsets);
        synchronized (FLATTENED) {
            FLATTENED.removeIf(r -> r.get() == null);
            FLATTENED.add(new WeakReference<>(this));
        }
    }

    /** The flat layout, or null before {@link #flatten()} (or off the CPU). */
    public Flat flat() {
        return flat;
    }

    /**
     * The flat layout whose arrays are exactly {@code list} (same arrays, same order), or null: lets
     * an optimizer given a plain list of arrays find out that they share one buffer.
     */
    public static Flat flatOf(List<NDArray> list) {
        synchronized (FLATTENED) {
            for (WeakReference<Parameters> ref : FLATTENED) {
                Parameters p = ref.get();
                if (p != null && p.flat != null && sameArrays(p.flat.arrays(), list)) {
                    return p.flat;
                }
            }
        }
        return null;
    }

    private static boolean sameArrays(List<NDArray> a, List<NDArray> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private NDArray register(String name, Shape shape, java.util.function.Supplier<NDArray> init) {
        if (flat != null) {
            throw new IllegalStateException("parameter '" + name + "' registered after flatten()");
        }
        NDArray array;
        if (saved == null) {
            array = init.get();
        } else {
            array = saved.get(name);
            if (array == null) {
                throw new UserError("saved parameters lack '" + name + "': the checkpoint does not match the run's model");
            }
            if (!array.getShape().equals(shape)) {
                throw new UserError("saved parameter '" + name + "' has shape " + array.getShape()
                        + ", the model expects " + shape);
            }
            array = array.toType(DataType.FLOAT32, false);
        }
        array.setName(name);
        if (trainable) {
            array.setRequiresGradient(true);
        }
        arrays.put(name, array);
        return array;
    }

    public Map<String, NDArray> byName() {
        return Collections.unmodifiableMap(arrays);
    }

    public Collection<NDArray> all() {
        return arrays.values();
    }

    public NDManager manager() {
        return manager;
    }

    public long count() {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    /** The arrays, named, for saving. */
    public NDList toNDList() {
        return new NDList(arrays.values());
    }

    @Override
    public void close() {
        synchronized (FLATTENED) {
            FLATTENED.removeIf(r -> r.get() == null || r.get() == this);
        }
        flat = null;
        manager.close();
    }
}
