package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;

/**
 * The model with its inactive latent units removed, as Burda et al. evaluated it: a unit whose
 * posterior-mean variance is at most {@link ActiveUnits#THRESHOLD} is dropped from every layer that
 * reads or writes it (its rows of q's mean and log sigma heads, its column in the first layer of
 * the networks it feeds, its rows of p's heads above it). Each stochastic layer keeps at least its
 * most active unit, so the model keeps its depth.
 */
public final class InactiveUnits {
    private InactiveUnits() {}

    /**
     * Per stochastic layer, the indices of the units kept (ascending).
     *
     * @param variances per stochastic layer, each unit's posterior-mean variance
     * @return per layer the active units, or the most active one when none is
     */
    public static List<int[]> kept(List<double[]> variances) {
        List<int[]> kept = new ArrayList<>();
        for (double[] v : variances) {
            int count = ActiveUnits.count(v);
            int[] indices;
            if (count == 0) {
                int best = 0;
                for (int u = 1; u < v.length; u++) {
                    if (v[u] > v[best]) {
                        best = u;
                    }
                }
                indices = new int[] {best};
            } else {
                indices = new int[count];
                int i = 0;
                for (int u = 0; u < v.length; u++) {
                    if (v[u] > ActiveUnits.THRESHOLD) {
                        indices[i++] = u;
                    }
                }
            }
            kept.add(indices);
        }
        return kept;
    }

    /**
     * A copy of {@code model} with only the {@code kept} units; its arrays belong to {@code manager}.
     *
     * @param model the model to prune; left unchanged
     * @param kept per stochastic layer, the units to keep, as {@link #kept} gives them
     * @param manager owns the copy's arrays
     * @return the pruned model
     * @throws IllegalArgumentException if {@code kept} does not have one entry per stochastic layer
     */
    public static Autoencoder prune(Autoencoder model, List<int[]> kept, NDManager manager) {
        Architecture arch = model.architecture();
        if (kept.size() != arch.depth()) {
            throw new IllegalArgumentException("need kept units for " + arch.depth() + " layers, got " + kept.size());
        }
        Map<String, int[]> rows = new HashMap<>();
        Map<String, int[]> columns = new HashMap<>();
        String first = arch.deterministicLayers() > 0 ? ".hidden0.weight" : ".out.weight";
        for (int l = 0; l < arch.depth(); l++) {
            int[] s = kept.get(l);
            int[] heads = heads(s, arch.latent().get(l));
            rows.put("q" + (l + 1) + ".out.weight", heads);
            rows.put("q" + (l + 1) + ".out.bias", heads);
            if (l + 1 < arch.depth()) {
                columns.put("q" + (l + 2) + first, s);
                rows.put("p" + (l + 1) + ".out.weight", heads);
                rows.put("p" + (l + 1) + ".out.bias", heads);
            }
            columns.put((l == 0 ? "px" : "p" + l) + first, s);
        }
        NDList arrays = new NDList();
        for (Map.Entry<String, NDArray> e : model.parameters().byName().entrySet()) {
            arrays.add(select(e.getKey(), e.getValue(), rows.get(e.getKey()), columns.get(e.getKey()), manager));
        }
        List<Integer> latent = kept.stream().map(s -> s.length).toList();
        Architecture pruned = new Architecture(arch.inputDim(), latent, arch.hidden(), arch.deterministicLayers());
        return new Autoencoder(pruned, Parameters.restored(manager, arrays), new float[arch.inputDim()]);
    }

    /** Rows of a stacked [mean; log sigma] head for the kept units. */
    private static int[] heads(int[] kept, int units) {
        int[] both = new int[2 * kept.length];
        for (int i = 0; i < kept.length; i++) {
            both[i] = kept[i];
            both[kept.length + i] = units + kept[i];
        }
        return both;
    }

    private static NDArray select(String name, NDArray array, int[] rows, int[] columns, NDManager manager) {
        float[] values = array.toFloatArray();
        Shape shape = array.getShape();
        int r = (int) shape.get(0);
        int c = shape.dimension() > 1 ? (int) shape.get(1) : 1;
        int[] rowIndex = rows == null ? range(r) : rows;
        int[] colIndex = columns == null ? range(c) : columns;
        float[] out = new float[rowIndex.length * colIndex.length];
        for (int i = 0; i < rowIndex.length; i++) {
            for (int j = 0; j < colIndex.length; j++) {
                out[i * colIndex.length + j] = values[rowIndex[i] * c + colIndex[j]];
            }
        }
        Shape newShape = shape.dimension() > 1 ? new Shape(rowIndex.length, colIndex.length) : new Shape(rowIndex.length);
        NDArray result = manager.create(out, newShape);
        result.setName(name);
        return result;
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
