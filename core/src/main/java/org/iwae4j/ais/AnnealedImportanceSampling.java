package org.iwae4j.ais;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntConsumer;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;

/**
 * Annealed importance sampling (Neal 2001) of log p(x) for a VAE or IWAE decoder, as Wu et al.
 * (2017) evaluate decoder-based models: geometric intermediate distributions
 * f_t(h) = p_0(h)^(1 - beta_t) p(x, h)^beta_t from p_0 (the prior or the encoder's q) to the
 * posterior, all stochastic layers annealed jointly, one Hamiltonian Monte Carlo transition per
 * intermediate distribution. The chains of a block of examples run as one tensor
 * [chains, examples, latent]; the gradients of log f_t come from the engine's autograd.
 *
 * <p>The step size of each HMC transition is tuned per example and per distribution by a pilot
 * run with chains and random numbers of its own, and frozen for the estimate (see
 * {@link AisSettings}): every transition of the estimate is then a fixed kernel that leaves its
 * distribution invariant, so exp(log w) is an unbiased estimate of p(x) and the log of its mean a
 * stochastic lower bound of log p(x).
 */
public final class AnnealedImportanceSampling implements PerExampleLogPx {
    /** How fast the pilot moves log(step size) per unit of acceptance above or below the target. */
    static final double ADAPTATION_RATE = 1.0;
    static final float MIN_STEP = 1e-4f;
    static final float MAX_STEP = 2f;

    private final AisSettings settings;

    /**
     * @param settings the schedule, chains, leapfrog steps and pilot
     */
    public AnnealedImportanceSampling(AisSettings settings) {
        this.settings = settings.validate();
    }

    /** @return the settings */
    public AisSettings settings() {
        return settings;
    }

    /**
     * One direction of one block: the log AIS weights of every chain and the acceptance rates.
     *
     * @param logWeights [chains][B]: forward, log w with E[w] = p(x); reverse, log w' with E[w'] = 1/p(x)
     * @param acceptance per example, the mean acceptance probability over chains and transitions
     * @param stepSizes [T][B], the step size of each distribution's transition (the last is unused)
     */
    public record Sweep(double[][] logWeights, double[] acceptance, float[][] stepSizes) {
        /** @return per example, log of the mean weight over chains: the forward estimate of log p(x) */
        public double[] logMeanWeights() {
            int examples = logWeights[0].length;
            double[] result = new double[examples];
            for (int b = 0; b < examples; b++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double[] chain : logWeights) {
                    max = Math.max(max, chain[b]);
                }
                double sum = 0;
                for (double[] chain : logWeights) {
                    sum += Math.exp(chain[b] - max);
                }
                result[b] = max + Math.log(sum / logWeights.length);
            }
            return result;
        }
    }

    /** Per-example estimates of a range with the acceptance rates. */
    public record Result(double[] logPx, double[] acceptance) {}

    @Override
    public double[] estimate(Autoencoder model, BinarizedSet set, int from, int to, long seed, NDManager manager,
            IntConsumer progress) {
        return run(model, set, from, to, seed, manager, progress).logPx();
    }

    @Override
    public int alignment() {
        return settings.examplesPerPass();
    }

    /**
     * As {@link #estimate}, with each example's acceptance rate.
     *
     * @param model the model
     * @param set the binarized images
     * @param from the first example
     * @param to one past the last
     * @param seed the seed
     * @param manager the parent manager
     * @param progress told the examples of the range finished
     * @return per-example log p(x) and acceptance
     */
    public Result run(Autoencoder model, BinarizedSet set, int from, int to, long seed, NDManager manager,
            IntConsumer progress) {
        double[][] values = overBlocks(model, set, from, to, settings.examplesPerPass(), seed, 2, manager, progress,
                (fixed, x, rng, scope) -> {
                    Sweep sweep = estimateBlock(fixed, x, settings, rng, scope);
                    return new double[][] {sweep.logMeanWeights(), sweep.acceptance()};
                });
        double[] logPx = values[0];
        double[] acceptance = values[1];
        return new Result(logPx, acceptance);
    }

    /**
     * The pilot run, then the estimate with the pilot's step sizes frozen, for one block.
     *
     * @param model a {@link Autoencoder#constantCopy}
     * @param x the block's binary images [B, D]
     * @param settings the AIS settings
     * @param rng the block's random numbers (the pilot takes one seed of its own from it)
     * @param scope holds the block's arrays
     * @return the estimate's sweep
     */
    public static Sweep estimateBlock(Autoencoder model, NDArray x, AisSettings settings, SeededRandom rng,
            NDManager scope) {
        float[][] tuned = pilot(model, x, settings, new SeededRandom(rng.nextLong()), scope);
        return forward(model, x, settings, settings.chains(), tuned, rng, scope);
    }

    /**
     * The pilot: forward AIS with {@code pilotChains} chains whose step size per example is adapted
     * after each transition toward the target acceptance; returns the step size it reached at each
     * distribution, to be frozen for the estimate.
     */
    static float[][] pilot(Autoencoder model, NDArray x, AisSettings settings, SeededRandom rng, NDManager scope) {
        int examples = (int) x.getShape().get(0);
        float[][] sizes = new float[settings.steps()][examples];
        float[] first = new float[examples];
        java.util.Arrays.fill(first, (float) settings.initialStepSize());
        sizes[0] = first;
        return sweep(model, x, settings, settings.pilotChains(), null, sizes, false, rng, scope).stepSizes();
    }

    /**
     * Forward AIS from p_0 with frozen step sizes: log w per chain, E[w] = p(x).
     *
     * @param model a {@link Autoencoder#constantCopy}
     * @param x binary images [B, D]
     * @param settings the AIS settings
     * @param chains chains per example
     * @param stepSizes [T][B] frozen step sizes (from {@link #pilot})
     * @param rng the random numbers
     * @param scope holds the arrays
     * @return the sweep
     */
    public static Sweep forward(Autoencoder model, NDArray x, AisSettings settings, int chains, float[][] stepSizes,
            SeededRandom rng, NDManager scope) {
        return sweep(model, x, settings, chains, null, stepSizes, true, rng, scope);
    }

    /**
     * Reverse AIS from exact posterior draws: the distributions in reverse order, log w' per chain
     * with E[w'] = 1/p(x), so -log mean w' is a stochastic upper bound of log p(x) (Grosse et al. 2015).
     *
     * @param model a {@link Autoencoder#constantCopy}
     * @param x binary images [B, D]
     * @param exact states drawn from p(h | x), [chains, B, sum of latent sizes]
     * @param settings the AIS settings
     * @param stepSizes [T][B] frozen step sizes of the distributions (as in the forward direction)
     * @param rng the random numbers
     * @param scope holds the arrays
     * @return the sweep
     */
    public static Sweep reverse(Autoencoder model, NDArray x, NDArray exact, AisSettings settings, float[][] stepSizes,
            SeededRandom rng, NDManager scope) {
        return sweep(model, x, settings, (int) exact.getShape().get(0), exact, stepSizes, true, rng, scope);
    }

    /**
     * One pass along the path. Forward (start null): h ~ p_0; for t = 1..T, log w += (beta_t -
     * beta_{t-1}) (log p(x, h) - log p_0(h)), then (t < T) one HMC transition that leaves f_t
     * invariant. Reverse: h given (exact posterior draws) and the same with the betas in reverse
     * order. Without {@code frozen}, the step sizes are adapted (the pilot) and those reached are
     * returned.
     */
    private static Sweep sweep(Autoencoder model, NDArray x, AisSettings settings, int chains, NDArray start,
            float[][] stepSizes, boolean frozen, SeededRandom rng, NDManager scope) {
        boolean reverse = start != null;
        int steps = settings.steps();
        int examples = (int) x.getShape().get(0);
        double[] path = new double[steps + 1]; // the betas in the order visited
        for (int i = 0; i <= steps; i++) {
            int t = reverse ? steps - i : i;
            path[i] = t == 0 ? 0 : settings.betas()[t - 1];
        }
        AnnealedDensity density = new AnnealedDensity(model, settings.init(), x);
        double[][] logW = new double[chains][examples];
        double[] accepted = new double[examples];
        int transitions = 0;
        float[] current = stepSizes[0].clone();
        NDArray state;
        if (reverse) {
            state = start.duplicate();
            state.attach(scope);
        } else {
            Torch.seed(rng.nextTorchSeed());
            state = density.start(chains, scope);
        }
        for (int i = 1; i <= steps; i++) {
            double beta = path[i];
            double delta = path[i] - path[i - 1];
            int distribution = reverse ? steps - i : i; // beta_distribution == path[i]
            NDArray replaced = null;
            try (NDManager step = scope.newSubManager()) {
                density.lendTo(step);
                state.tempAttach(step);
                AnnealedDensity.Point point = density.at(state, beta);
                for (int c = 0; c < chains; c++) {
                    for (int b = 0; b < examples; b++) {
                        logW[c][b] += delta * point.increment(c * examples + b);
                    }
                }
                if (i < steps) {
                    float[] sizes = frozen ? stepSizes[distribution - 1] : current;
                    double[] acceptance = new double[examples];
                    NDArray next = transition(density, point, sizes, settings.leapfrog(), rng, step, acceptance);
                    next.attach(scope);
                    for (int b = 0; b < examples; b++) {
                        accepted[b] += acceptance[b];
                    }
                    transitions++;
                    if (!frozen) {
                        for (int b = 0; b < examples; b++) {
                            double factor = Math.exp(ADAPTATION_RATE * (acceptance[b] - settings.targetAcceptance()));
                            current[b] = (float) Math.min(MAX_STEP, Math.max(MIN_STEP, current[b] * factor));
                        }
                        stepSizes[distribution - 1] = current.clone();
                    }
                    replaced = state;
                    state = next;
                }
            }
            if (replaced != null) {
                replaced.close(); // back in the block's manager now that the step is closed
            }
        }
        state.close();
        for (int b = 0; b < examples; b++) {
            accepted[b] = transitions == 0 ? 1 : accepted[b] / transitions;
        }
        if (!frozen) {
            stepSizes[steps - 1] = current.clone();
        }
        return new Sweep(logW, accepted, stepSizes);
    }

    /**
     * One HMC transition at the point's beta: fresh Gaussian momenta, {@code leapfrog} leapfrog steps
     * of size eps (one per example), then a Metropolis test per chain on the total energy. Fills
     * {@code acceptance} with each example's mean acceptance probability over its chains.
     */
    private static NDArray transition(AnnealedDensity density, AnnealedDensity.Point point, float[] sizes, int leapfrog,
            SeededRandom rng, NDManager step, double[] acceptance) {
        NDArray state = point.state();
        Shape shape = state.getShape();
        int chains = (int) shape.get(0);
        int examples = (int) shape.get(1);
        NDArray eps = step.create(sizes, new Shape(1, examples, 1));
        NDArray halfEps = eps.mul(0.5f);
        Torch.seed(rng.nextTorchSeed());
        NDArray momentum0 = step.randomNormal(0f, 1f, shape, DataType.FLOAT32);
        NDArray momentum = momentum0.add(point.gradient().mul(halfEps));
        NDArray position = state;
        AnnealedDensity.Point end = point;
        for (int l = 1; l <= leapfrog; l++) {
            position = position.add(momentum.mul(eps));
            end = density.at(position, point.beta());
            momentum = momentum.add(end.gradient().mul(l < leapfrog ? eps : halfEps));
        }
        float[] kinetic0 = momentum0.square().sum(new int[] {-1}).toFloatArray();
        float[] kinetic1 = momentum.square().sum(new int[] {-1}).toFloatArray();
        boolean[] accept = new boolean[chains * examples];
        for (int i = 0; i < accept.length; i++) {
            double logRatio = end.logTarget(i) - 0.5 * kinetic1[i] - (point.logTarget(i) - 0.5 * kinetic0[i]);
            double probability = Double.isNaN(logRatio) ? 0 : Math.min(1, Math.exp(logRatio));
            accept[i] = rng.nextDouble() < probability;
            acceptance[i % examples] += probability / chains;
        }
        NDArray mask = step.create(accept, new Shape(chains, examples, 1)).broadcast(shape);
        return NDArrays.where(mask, position, state);
    }

    /** Per-example values of one block of examples. */
    interface BlockWork {
        /**
         * @param fixed the model's constant copy
         * @param x the block's images [B, D]
         * @param rng the block's random numbers, a function of the seed and the block's position only
         * @param scope holds the block's arrays
         * @return rows of per-example values, each of length B
         */
        double[][] run(Autoencoder fixed, NDArray x, SeededRandom rng, NDManager scope);
    }

    /**
     * Runs {@code work} on the blocks of {@code per} examples (aligned to multiples of it, so that
     * shards reproduce one whole run) that cover examples {@code from..to}, on a constant copy of
     * the model, and concatenates the rows.
     */
    static double[][] overBlocks(Autoencoder model, BinarizedSet set, int from, int to, int per, long seed, int rows,
            NDManager manager, IntConsumer progress, BlockWork work) {
        if (from < 0 || to > set.count() || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " outside 0.." + set.count());
        }
        double[][] values = new double[rows][to - from];
        try (NDManager constants = manager.newSubManager()) {
            Autoencoder fixed = model.constantCopy(constants);
            int start = from;
            while (start < to) {
                int end = Math.min(to, (start / per + 1) * per);
                try (NDManager scope = constants.newSubManager()) {
                    double[][] block = work.run(fixed, set.rows(scope, start, end), blockRandom(seed, start), scope);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(block[r], 0, values[r], start - from, end - start);
                    }
                }
                progress.accept(end - from);
                start = end;
            }
        }
        return values;
    }

    /** The random numbers of the block starting at global example {@code first}: a stream of its own. */
    static SeededRandom blockRandom(long seed, int first) {
        long mixed = new SeededRandom(seed ^ 0x5A1A5EEDL).nextLong() ^ ((first + 1L) * 0xD1B54A32D192ED03L);
        return new SeededRandom(new SeededRandom(mixed).nextLong());
    }
}
