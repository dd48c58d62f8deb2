package org.iwae4j.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identities between bounds and estimators, and unbiasedness where the truth is known. */
class EstimatorsTest {
    private NDManager manager;
    private Parameters params;
    private Autoencoder model;
    private NDArray x;

    @BeforeEach
    void build() {
        build(TinyModels.oneLayer(9, 6, 2));
    }

    private void build(Architecture architecture) {
        if (manager != null) {
            manager.close();
        }
        manager = Torch.newManager(Torch.device("cpu"));
        Torch.seed(5);
        params = Parameters.initialized(manager);
        model = new Autoencoder(architecture, params, new float[9]);
        BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 4, 3, 1), 2);
        x = manager.create(data.pixels(), new Shape(data.count(), data.dim()));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Gradients of the mean surrogate over the minibatch, for one seed of the samples. */
    private Map<String, float[]> gradients(GradientEstimator estimator, Objective objective, int samples, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            Torch.seed(seed);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                c.backward(estimator.estimate(model.sample(x, samples, scope), objective).surrogate().mean());
            }
            Map<String, float[]> g = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : params.byName().entrySet()) {
                try (NDArray grad = e.getValue().getGradient()) {
                    g.put(e.getKey(), grad.toFloatArray());
                    grad.subi(grad); // zero for the next call: libtorch accumulates
                }
            }
            return g;
        }
    }

    private float[] bounds(Objective objective, int samples, long seed) {
        try (NDManager scope = manager.newSubManager()) {
            Torch.seed(seed);
            return objective.bound(model.logWeights(x, samples, scope).total()).toFloatArray();
        }
    }

    private static void assertSameGradients(Map<String, float[]> a, Map<String, float[]> b, String prefix, float tol) {
        int compared = 0;
        for (String name : a.keySet()) {
            if (name.startsWith(prefix)) {
                assertArrayEquals(a.get(name), b.get(name), tol, name);
                compared++;
            }
        }
        assertTrue(compared > 0);
    }

    @Test
    void stlEqualsDregWithOneSample() {
        Objective iwae = new IwaeBound();
        assertSameGradients(gradients(new StickingTheLanding(), iwae, 1, 3),
                gradients(new DoublyReparameterized(), iwae, 1, 3), "", 1e-5f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void dregAndRwsKeepTheStandardDecoderGradient(int layers) {
        if (layers == 2) {
            build(TinyModels.twoLayer(9));
        }
        Objective iwae = new IwaeBound();
        Map<String, float[]> reparam = gradients(new Reparameterized(), iwae, 5, 7);
        assertSameGradients(reparam, gradients(new DoublyReparameterized(), iwae, 5, 7), "p", 1e-4f);
        assertSameGradients(reparam, gradients(new ReweightedWakeSleep(), iwae, 5, 7), "p", 1e-4f);
    }

    @Test
    void piwaeTrainsTheDecoderByIwaeAndTheEncoderByMiwae() {
        Map<String, float[]> piwae = gradients(new Reparameterized(), new PiwaeBound(3), 6, 9);
        assertSameGradients(gradients(new Reparameterized(), new IwaeBound(), 6, 9), piwae, "p", 1e-4f);
        assertSameGradients(gradients(new Reparameterized(), new MiwaeBound(3), 6, 9), piwae, "q", 1e-4f);
    }

    @Test
    void specialCasesOfTheBoundsCoincide() {
        float[] iwae = bounds(new IwaeBound(), 6, 1);
        float[] vae = bounds(new VaeBound(), 6, 1);
        assertArrayEquals(iwae, bounds(new RenyiBound(0), 6, 1), 1e-4f, "VR alpha=0 is IWAE");
        assertArrayEquals(vae, bounds(new RenyiBound(1), 6, 1), 1e-4f, "VR alpha=1 is the ELBO");
        assertArrayEquals(iwae, bounds(new MiwaeBound(1), 6, 1), 1e-4f, "MIWAE m=1 is IWAE");
        assertArrayEquals(vae, bounds(new MiwaeBound(6), 6, 1), 1e-4f, "MIWAE k=1 is the ELBO");
        assertArrayEquals(iwae, bounds(new CiwaeBound(0), 6, 1), 1e-4f, "CIWAE beta=0 is IWAE");
        assertArrayEquals(vae, bounds(new CiwaeBound(1), 6, 1), 1e-4f, "CIWAE beta=1 is the ELBO");
        float[] vrHalf = bounds(new RenyiBound(0.5), 6, 1);
        for (int i = 0; i < iwae.length; i++) {
            assertTrue(vae[i] <= vrHalf[i] + 1e-4 && vrHalf[i] <= iwae[i] + 1e-4, "ELBO <= VR(0.5) <= IWAE");
        }
        assertSameGradients(gradients(new Reparameterized(), new IwaeBound(), 6, 2),
                gradients(new Reparameterized(), new RenyiBound(0), 6, 2), "", 1e-4f);
    }

    @Test
    void dregNeedsAnImportanceWeightedBound() {
        UserError e = assertThrows(UserError.class, () -> gradients(new DoublyReparameterized(), new VaeBound(), 3, 1));
        assertTrue(e.getMessage().contains("--estimator dreg needs an importance-weighted bound"), e.getMessage());
    }

    /**
     * DReG and the reparameterization estimator are both unbiased for the IWAE gradient: their
     * encoder gradients averaged over many draws agree within standard errors, and both agree with
     * finite differences of the expected bound (common random numbers on both sides). Many draws
     * at once: the minibatch repeated {@code draws} times, since examples are sampled independently.
     */
    @Test
    void dregIsUnbiasedForTheIwaeEncoderGradient() {
        int k = 5;
        int draws = 500;
        int spreadDraws = 40;
        Objective iwae = new IwaeBound();
        String name = "q1.out.weight";
        int[] coords = {0, 3, 7, 13, 20};
        NDArray single = x;
        x = single.tile(new long[] {draws, 1});
        float[] meanReparam = gradients(new Reparameterized(), iwae, k, 11).get(name);
        float[] meanDreg = gradients(new DoublyReparameterized(), iwae, k, 11).get(name);
        NDArray p = params.byName().get(name);
        float[] values = p.toFloatArray();
        double[] fd = new double[coords.length];
        for (int c = 0; c < coords.length; c++) {
            double h = 1e-2;
            fd[c] = (meanBoundWith(p, values, coords[c], values[coords[c]] + h, iwae, k, 12)
                    - meanBoundWith(p, values, coords[c], values[coords[c]] - h, iwae, k, 12)) / (2 * h);
            p.set(values.clone());
        }
        x = single;
        double[][] reparam = new double[coords.length][spreadDraws];
        double[][] dreg = new double[coords.length][spreadDraws];
        for (int d = 0; d < spreadDraws; d++) {
            float[] a = gradients(new Reparameterized(), iwae, k, 1000 + d).get(name);
            float[] b = gradients(new DoublyReparameterized(), iwae, k, 1000 + d).get(name);
            for (int c = 0; c < coords.length; c++) {
                reparam[c][d] = a[coords[c]];
                dreg[c][d] = b[coords[c]];
            }
        }
        for (int c = 0; c < coords.length; c++) {
            double ma = meanReparam[coords[c]];
            double mb = meanDreg[coords[c]];
            double seA = Math.sqrt(variance(reparam[c]) / draws);
            double seB = Math.sqrt(variance(dreg[c]) / draws);
            String where = "coordinate " + coords[c] + ": reparam " + ma + " (se " + seA + "), dreg " + mb + " (se "
                    + seB + "), finite differences " + fd[c];
            assertTrue(Math.abs(ma - mb) < 4 * Math.hypot(seA, seB) + 1e-4, where);
            assertTrue(Math.abs(fd[c] - ma) < 4 * seA + 1e-3, where);
            assertTrue(Math.abs(fd[c] - mb) < 4 * seB + 1e-3, where);
        }
    }

    private double meanBoundWith(NDArray p, float[] values, int idx, double value, Objective objective, int k, long seed) {
        float[] changed = values.clone();
        changed[idx] = (float) value;
        p.set(changed);
        float[] b = bounds(objective, k, seed);
        double sum = 0;
        for (float v : b) {
            sum += v;
        }
        return sum / b.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - 1);
    }
}
