package org.iwae4j.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.UserError;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Gaussian;

/**
 * The posterior of one input under a model with a 2-D latent space, on a grid: the true posterior
 * p(z | x) = p(x | z) p(z) / p(x) by quadrature, q(z | x), and q_IW(z | x) for several k as
 * histograms of importance-resampled draws. All densities are per unit area on the same cells.
 */
public final class PosteriorGrid {
    /** Cells per axis of the fine grid; 160^2 decoder passes take well under a second. */
    static final int CELLS = 160;
    /** q_IW histograms pool this many fine cells per axis so that a few thousand draws fill them. */
    static final int POOL = 4;
    private static final int COARSE = 60;
    private static final double PRIOR_BOX = 6;
    /** The fine grid covers where log p(x, z) is within this many nats of its maximum. */
    private static final double SUPPORT_NATS = 20;

    public final double zMin1;
    public final double zMax1;
    public final double zMin2;
    public final double zMax2;
    /** log p(x, z) and log q(z | x) at the cell centres, [CELLS][CELLS] indexed [i along z1][j along z2]. */
    final double[][] logJoint;
    final double[][] logQ;
    /** log p(x) = log of the sum of p(x, z) times the cell area (midpoint rule). */
    public final double logPxQuadrature;

    private PosteriorGrid(double[] box, double[][] logJoint, double[][] logQ) {
        this.zMin1 = box[0];
        this.zMax1 = box[1];
        this.zMin2 = box[2];
        this.zMax2 = box[3];
        this.logJoint = logJoint;
        this.logQ = logQ;
        this.logPxQuadrature = logSumExp(logJoint) + Math.log(cellWidth1() * cellWidth2());
    }

    /** @param x one input, [1, inputDim] */
    public static PosteriorGrid of(Autoencoder model, NDArray x) {
        if (model.architecture().depth() != 1 || model.architecture().latent().get(0) != 2) {
            throw new UserError("the posterior plot needs a model with one stochastic layer of 2 units (train with --latent 2), this one has "
                    + model.architecture().latent());
        }
        NDManager manager = x.getManager();
        Autoencoder.Posterior q = model.firstPosterior(x);
        float[] mean = q.mean().toFloatArray();
        float[] sigma = q.logSigma().exp().toFloatArray();
        // A coarse pass over the prior's bulk finds where the posterior lives; the fine grid zooms
        // there (and onto q's bulk), so that a narrow posterior still spans many cells.
        double[] prior = {-PRIOR_BOX, PRIOR_BOX, -PRIOR_BOX, PRIOR_BOX};
        double[][] coarse = evaluate(model, x, prior, COARSE, manager);
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : coarse) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double[] box = {mean[0] - 4 * sigma[0], mean[0] + 4 * sigma[0], mean[1] - 4 * sigma[1], mean[1] + 4 * sigma[1]};
        double step = 2 * PRIOR_BOX / COARSE;
        for (int i = 0; i < COARSE; i++) {
            for (int j = 0; j < COARSE; j++) {
                if (coarse[i][j] > max - SUPPORT_NATS) {
                    double z1 = center(prior[0], step, i);
                    double z2 = center(prior[2], step, j);
                    box[0] = Math.min(box[0], z1 - step);
                    box[1] = Math.max(box[1], z1 + step);
                    box[2] = Math.min(box[2], z2 - step);
                    box[3] = Math.max(box[3], z2 + step);
                }
            }
        }
        double[][] logJoint = evaluate(model, x, box, CELLS, manager);
        double[][] logQ = new double[CELLS][CELLS];
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = scope.create(centers(box, CELLS), new Shape(CELLS * CELLS, 1, 2));
            float[] values = Gaussian.logDensity(z, q.mean(), q.logSigma()).toFloatArray();
            fill(logQ, values);
        }
        return new PosteriorGrid(box, logJoint, logQ);
    }

    /** log p(x, z) at the centres of an n x n grid over {@code box}. */
    private static double[][] evaluate(Autoencoder model, NDArray x, double[] box, int n, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = scope.create(centers(box, n), new Shape(n * n, 1, 2));
            float[] values = model.logJoint(x, z).toFloatArray(); // [n*n, 1]
            double[][] grid = new double[n][n];
            fill(grid, values);
            return grid;
        }
    }

    private static float[] centers(double[] box, int n) {
        double step1 = (box[1] - box[0]) / n;
        double step2 = (box[3] - box[2]) / n;
        float[] z = new float[n * n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[2 * (i * n + j)] = (float) center(box[0], step1, i);
                z[2 * (i * n + j) + 1] = (float) center(box[2], step2, j);
            }
        }
        return z;
    }

    private static double center(double min, double step, int i) {
        return min + (i + 0.5) * step;
    }

    private static void fill(double[][] grid, float[] values) {
        int n = grid.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                grid[i][j] = values[i * n + j];
            }
        }
    }

    public double cellWidth1() {
        return (zMax1 - zMin1) / CELLS;
    }

    public double cellWidth2() {
        return (zMax2 - zMin2) / CELLS;
    }

    /** p(z | x) per unit area. */
    public double[][] truePosterior() {
        double[][] density = new double[CELLS][CELLS];
        for (int i = 0; i < CELLS; i++) {
            for (int j = 0; j < CELLS; j++) {
                density[i][j] = Math.exp(logJoint[i][j] - logPxQuadrature);
            }
        }
        return density;
    }

    public double[][] encoder() {
        double[][] density = new double[CELLS][CELLS];
        for (int i = 0; i < CELLS; i++) {
            for (int j = 0; j < CELLS; j++) {
                density[i][j] = Math.exp(logQ[i][j]);
            }
        }
        return density;
    }

    /**
     * A histogram of {@code draws} q_IW draws with k candidates each, per unit area, on cells of
     * POOL x POOL fine cells (repeated onto the fine grid so that every panel shares its cells).
     */
    public double[][] resampled(Autoencoder model, NDArray x, int k, int draws, SeededRandom rng) {
        int bins = CELLS / POOL;
        double[][] counts = new double[bins][bins];
        // Candidates in chunks of about 20,000 codes bound memory for any k.
        int perChunk = Math.max(1, 20_000 / k);
        for (int done = 0; done < draws; done += perChunk) {
            int m = Math.min(perChunk, draws - done);
            NDArray repeated = x.repeat(0, m); // m independent resamplings of the same input
            float[][][] z = ImportanceResampling.draw(model, repeated, k, 1, x.getManager(), rng);
            for (float[] code : z[0]) {
                int i = (int) Math.floor((code[0] - zMin1) / (cellWidth1() * POOL));
                int j = (int) Math.floor((code[1] - zMin2) / (cellWidth2() * POOL));
                if (i >= 0 && i < bins && j >= 0 && j < bins) {
                    counts[i][j]++;
                }
            }
        }
        double area = cellWidth1() * cellWidth2() * POOL * POOL;
        double[][] density = new double[CELLS][CELLS];
        for (int i = 0; i < CELLS; i++) {
            for (int j = 0; j < CELLS; j++) {
                density[i][j] = counts[i / POOL][j / POOL] / draws / area;
            }
        }
        return density;
    }

    private static double logSumExp(double[][] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double sum = 0;
        for (double[] row : values) {
            for (double v : row) {
                sum += Math.exp(v - max);
            }
        }
        return max + Math.log(sum);
    }
}
