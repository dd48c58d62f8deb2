package org.iwae4j.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One contiguous float32 tensor whose regions other arrays can be made to share ("views" without
 * autograd): an elementwise operation on the whole buffer is then one native call instead of one
 * per array. Regions start on 64-byte boundaries, so an aliased array has the same alignment in
 * every process (MKL's reproducible mode rounds by alignment). CPU only: the regions are reached
 * through a direct buffer over the tensor's memory, which the tensor owns; arrays aliased into it
 * must not outlive it.
 */
public final class FlatBuffer {
    /** Floats per 64 bytes: every region starts at a multiple of this. */
    private static final int ALIGN = 16;

    private final NDArray array;
    private final ByteBuffer memory;

    private FlatBuffer(NDArray array) {
        this.array = array;
        this.memory = JniUtils.getByteBuffer((PtNDArray) array, true).order(ByteOrder.nativeOrder());
        if (!memory.isDirect() || memory.capacity() != array.size() * Float.BYTES) {
            throw new IllegalStateException("no direct view of a flat buffer's memory");
        }
    }

    /**
     * A zero-filled buffer of {@code size} floats in {@code manager}.
     *
     * @param manager owns the buffer's tensor; a CPU one (see {@link #supported})
     * @param size the number of floats, e.g. the last entry of {@link #layout}
     * @return the buffer
     */
    public static FlatBuffer zeros(NDManager manager, long size) {
        return new FlatBuffer(manager.zeros(new Shape(size), DataType.FLOAT32));
    }

    /**
     * A view of an existing contiguous float32 CPU tensor (e.g. a flat gradient owned by torch).
     *
     * @param array the tensor; it keeps owning its memory
     * @return a buffer over it
     */
    public static FlatBuffer over(NDArray array) {
        return new FlatBuffer(array);
    }

    /**
     * Whether arrays of this manager can live in a flat buffer (CPU memory).
     *
     * @param manager the manager of the arrays
     * @return true if its device is not a GPU
     */
    public static boolean supported(NDManager manager) {
        return !manager.getDevice().isGpu();
    }

    /**
     * Offsets of consecutive aligned regions for arrays of the given sizes; the last entry is the total size.
     *
     * @param sizes the arrays' sizes in floats, in order
     * @return {@code sizes.size() + 1} offsets in floats, each a multiple of 16
     */
    public static long[] layout(List<Long> sizes) {
        long[] offsets = new long[sizes.size() + 1];
        long next = 0;
        for (int i = 0; i < sizes.size(); i++) {
            offsets[i] = next;
            next += (sizes.get(i) + ALIGN - 1) / ALIGN * ALIGN;
        }
        offsets[sizes.size()] = next;
        return offsets;
    }

    /** @return the whole buffer as one tensor, for operations on every region at once */
    public NDArray array() {
        return array;
    }

    private ByteBuffer region(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > array.size()) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + count + " of " + array.size());
        }
        return memory.duplicate().position(Math.toIntExact(offset * Float.BYTES))
                .limit(Math.toIntExact((offset + count) * Float.BYTES)).slice().order(ByteOrder.nativeOrder());
    }

    /**
     * Copies {@code target}'s values into the region at {@code offset}, then makes target use that memory.
     *
     * @param target a float32 array; it must not outlive the buffer
     * @param offset the region's start in floats, from {@link #layout}
     */
    public void alias(NDArray target, long offset) {
        copyInto(offset, target);
        rebind(target, offset);
    }

    /**
     * Makes target (e.g. a gradient handle) use the region at {@code offset}, without copying its values.
     *
     * @param target a float32 array; it must not outlive the buffer
     * @param offset the region's start in floats, from {@link #layout}
     * @throws IllegalArgumentException if {@code target} is not float32
     */
    public void rebind(NDArray target, long offset) {
        if (target.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("flat buffers hold float32, not " + target.getDataType());
        }
        ByteBuffer memory = region(offset, target.size());
        NativeStderr.silenced(() -> target.set(memory));
    }

    /**
     * Writes one value at {@code offset} (through memory: no native call).
     *
     * @param offset the position in floats
     * @param value the value
     */
    public void put(long offset, float value) {
        region(offset, 1).putFloat(0, value);
    }

    /**
     * Reads one value at {@code offset} (through memory: no native call).
     *
     * @param offset the position in floats
     * @return the value
     */
    public float get(long offset) {
        return region(offset, 1).getFloat(0);
    }

    /**
     * Copies {@code count} values of {@code values} from {@code from} into the buffer at {@code offset}
     * (through memory: no native call).
     *
     * @param offset the position in floats
     * @param values the values
     * @param from the first value copied
     * @param count how many
     */
    public void put(long offset, float[] values, int from, int count) {
        region(offset, count).asFloatBuffer().put(values, from, count);
    }

    /**
     * Copies source's values (any float32 array of that size) into the region at {@code offset}.
     *
     * @param offset the region's start in floats
     * @param source the values; converted to float32 if needed, left unchanged
     */
    public void copyInto(long offset, NDArray source) {
        ByteBuffer from = source.toType(DataType.FLOAT32, false).toByteBuffer();
        ByteBuffer to = region(offset, source.size());
        if (from.remaining() != to.remaining()) {
            throw new IllegalArgumentException("size mismatch: " + from.remaining() + " vs " + to.remaining() + " bytes");
        }
        to.put(from);
    }
}
