package org.iwae4j.plot;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Test NLL (nats) on MNIST and Omniglot from Burda, Grosse &amp; Salakhutdinov (2016), Table 1, after 3,280 epochs
 * with the paper's architectures. With k = 1 the two objectives coincide, hence one number for both.
 */
public final class PaperTable1 {
    private static final Map<String, Double> NLL = Map.ofEntries(
            Map.entry("mnist/1/vae/1", 86.76), Map.entry("mnist/1/iwae/1", 86.76),
            Map.entry("mnist/1/vae/5", 86.47), Map.entry("mnist/1/iwae/5", 85.54),
            Map.entry("mnist/1/vae/50", 86.35), Map.entry("mnist/1/iwae/50", 84.78),
            Map.entry("mnist/2/vae/1", 85.33), Map.entry("mnist/2/iwae/1", 85.33),
            Map.entry("mnist/2/vae/5", 85.01), Map.entry("mnist/2/iwae/5", 83.89),
            Map.entry("mnist/2/vae/50", 84.78), Map.entry("mnist/2/iwae/50", 82.90),
            Map.entry("omniglot/1/vae/1", 108.11), Map.entry("omniglot/1/iwae/1", 108.11),
            Map.entry("omniglot/1/vae/5", 107.62), Map.entry("omniglot/1/iwae/5", 106.12),
            Map.entry("omniglot/1/vae/50", 107.80), Map.entry("omniglot/1/iwae/50", 104.67),
            Map.entry("omniglot/2/vae/1", 107.62), Map.entry("omniglot/2/iwae/1", 107.62),
            Map.entry("omniglot/2/vae/5", 106.81), Map.entry("omniglot/2/iwae/5", 104.84),
            Map.entry("omniglot/2/vae/50", 106.30), Map.entry("omniglot/2/iwae/50", 103.38));

    /**
     * Active units per stochastic layer (first layer, then second), MNIST only: the Table 2 confirms
     * the 1-layer k=1 (19) and IWAE k=50 (25) entries; the others are as the project remembers the paper.
     */
    private static final Map<String, int[]> ACTIVE_UNITS = Map.ofEntries(
            Map.entry("mnist/1/vae/1", new int[] {19}), Map.entry("mnist/1/iwae/1", new int[] {19}),
            Map.entry("mnist/1/vae/5", new int[] {20}), Map.entry("mnist/1/iwae/5", new int[] {22}),
            Map.entry("mnist/1/vae/50", new int[] {20}), Map.entry("mnist/1/iwae/50", new int[] {25}),
            Map.entry("mnist/2/vae/1", new int[] {16, 5}), Map.entry("mnist/2/iwae/1", new int[] {16, 5}),
            Map.entry("mnist/2/vae/5", new int[] {17, 5}), Map.entry("mnist/2/iwae/5", new int[] {21, 5}),
            Map.entry("mnist/2/vae/50", new int[] {17, 5}), Map.entry("mnist/2/iwae/50", new int[] {26, 7}));

    private PaperTable1() {}

    /** The paper's number for this configuration, if Table 1 has it. */
    public static OptionalDouble nll(String dataset, int layers, String model, int k) {
        Double v = NLL.get(dataset + "/" + layers + "/" + model + "/" + k);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The paper's active units of this configuration, summed over its stochastic layers, if it reports them. */
    public static OptionalInt activeUnits(String dataset, int layers, String model, int k) {
        int[] v = ACTIVE_UNITS.get(dataset + "/" + layers + "/" + model + "/" + k);
        return v == null ? OptionalInt.empty() : OptionalInt.of(Arrays.stream(v).sum());
    }
}
