package org.iwae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iwae4j.common.UserError;

/**
 * The named parameter arrays of a model, owned by one long-lived manager. Either freshly
 * initialized (Glorot uniform weights, zero biases; torch's generator must be seeded first) or
 * restored by name from saved arrays.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> saved;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private Parameters(NDManager parent, NDList savedArrays) {
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

    private NDArray register(String name, Shape shape, java.util.function.Supplier<NDArray> init) {
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
        array.setRequiresGradient(true);
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
        manager.close();
    }
}
