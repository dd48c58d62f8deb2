package org.iwae4j.config;

import static org.iwae4j.common.InvalidParameterException.require;

import java.util.Arrays;
import java.util.List;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Records;
import org.iwae4j.model.Architecture;
import org.iwae4j.objective.Bound;
import org.iwae4j.objective.Estimator;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Objectives;
import org.iwae4j.optim.LearningRateSchedule;
import org.iwae4j.optim.Optimizer;
import org.iwae4j.optim.Schedule;

/**
 * Everything that determines a training run, saved as the run's config.json so that the run can be
 * repeated or resumed. Immutable: start from {@link #defaults()} or {@link #paper()} and change what
 * differs with the withers named like the components, e.g.
 * {@code TrainConfig.paper().bound(Bound.IWAE).k(50).seed(1)}. The one source of defaults for the
 * library, the CLI and the tests.
 *
 * @param dataset a dataset's name ({@code mnist}, {@code fashion-mnist}, ..., {@code npz:FILE}) or,
 *     for in-memory data, a label
 * @param model the bound's name: a {@link Bound}'s id, or one added by {@link Objectives#register}
 * @param k importance samples per example (per group for MIWAE and PIWAE)
 * @param layers stochastic layers, 1 or 2 for the paper's architectures
 * @param latent units per stochastic layer; empty for the paper's (50; 100, 50)
 * @param hidden width of the two tanh layers around each stochastic layer; empty for the paper's
 * @param epochs the epochs to train (for the paper schedule, the first that many of its 3,280)
 * @param schedule how the learning rate changes
 * @param learningRate Adam's base learning rate
 * @param batchSize examples per step
 * @param seed the seed of all randomness in the run
 * @param threads intra-op threads; 0 chooses by the step's size ({@link #effectiveThreads()})
 * @param device where tensors live
 * @param evalSeed seed of the fixed binarization of the validation and test images, the same for
 *     every run so that their numbers compare
 * @param checkpointEvery epochs between checkpoints (stage ends and the last epoch always get one)
 * @param keepCheckpoints the newest checkpoints to keep (stage ends are always kept)
 * @param onNonFinite what a non-finite bound or gradient does
 * @param estimator the gradient estimator
 * @param m groups for MIWAE and PIWAE
 * @param beta CIWAE's weight of the ELBO, in [0, 1]
 * @param alpha the Renyi bound's order, at least 0
 * @param optimizer which Adam
 * @param warmup KL warm-up: epochs over which the weight of log p(h) - log q(h | x) inside log w rises
 *     linearly, step by step, from 0 to 1 ({@link #klWeight}); 0 for none
 * @param earlyStop early stopping: epochs without a better validation bound after which training
 *     ends (counted from the end of the warm-up); 0 trains all {@link #epochs()}
 * @param minDelta how much (nats) the validation bound must exceed the best so far to count as better
 * @param path how each step is computed: the general path, the fast one, or AUTO, resolved to one of
 *     the two when a run starts; records without it ran the general path
 * @serial exclude Serializable only to travel to Spark's executors within one version
 */
public record TrainConfig(
        String dataset,
        String model,
        int k,
        int layers,
        List<Integer> latent,
        List<Integer> hidden,
        int epochs,
        Schedule schedule,
        double learningRate,
        int batchSize,
        long seed,
        int threads,
        ComputeDevice device,
        long evalSeed,
        int checkpointEvery,
        int keepCheckpoints,
        NonFinitePolicy onNonFinite,
        Estimator estimator,
        int m,
        double beta,
        double alpha,
        Optimizer optimizer,
        int warmup,
        int earlyStop,
        double minDelta,
        TrainingPath path) implements java.io.Serializable {

    private static final TrainConfig DEFAULTS = new TrainConfig("mnist", Bound.IWAE.id(), 5, 1, List.of(), List.of(),
            100, Schedule.CONSTANT, 1e-3, 20, 1, 0, ComputeDevice.AUTO, 0, 1, 3, NonFinitePolicy.STOP,
            Estimator.REPARAM, 1, 0.5, 0.5, Optimizer.ADAM, 0, 0, 0, TrainingPath.AUTO);

    /**
     * Fills what files written by older versions lack: a null choice takes its default, null sizes
     * become empty; copies the lists. (Javadoc asks the canonical constructor for its own copy of the components.)
     *
     * @param dataset a dataset's name ({@code mnist}, {@code fashion-mnist}, ..., {@code npz:FILE}) or,
     *     for in-memory data, a label
     * @param model the bound's name: a {@link Bound}'s id, or one added by {@link Objectives#register}
     * @param k importance samples per example (per group for MIWAE and PIWAE)
     * @param layers stochastic layers, 1 or 2 for the paper's architectures
     * @param latent units per stochastic layer; empty for the paper's (50; 100, 50)
     * @param hidden width of the two tanh layers around each stochastic layer; empty for the paper's
     * @param epochs the epochs to train (for the paper schedule, the first that many of its 3,280)
     * @param schedule how the learning rate changes
     * @param learningRate Adam's base learning rate
     * @param batchSize examples per step
     * @param seed the seed of all randomness in the run
     * @param threads intra-op threads; 0 chooses by the step's size ({@link #effectiveThreads()})
     * @param device where tensors live
     * @param evalSeed seed of the fixed binarization of the validation and test images, the same for
     *     every run so that their numbers compare
     * @param checkpointEvery epochs between checkpoints (stage ends and the last epoch always get one)
     * @param keepCheckpoints the newest checkpoints to keep (stage ends are always kept)
     * @param onNonFinite what a non-finite bound or gradient does
     * @param estimator the gradient estimator
     * @param m groups for MIWAE and PIWAE
     * @param beta CIWAE's weight of the ELBO, in [0, 1]
     * @param alpha the Renyi bound's order, at least 0
     * @param optimizer which Adam
     * @param warmup KL warm-up: epochs over which the weight of log p(h) - log q(h | x) inside log w rises
     *     linearly, step by step, from 0 to 1 ({@link #klWeight}); 0 for none
     * @param earlyStop early stopping: epochs without a better validation bound after which training
     *     ends (counted from the end of the warm-up); 0 trains all {@link #epochs()}
     * @param minDelta how much (nats) the validation bound must exceed the best so far to count as better
     * @param path how each step is computed: the general path, the fast one, or AUTO
     */
    public TrainConfig {
        schedule = schedule == null ? Schedule.CONSTANT : schedule;
        device = device == null ? ComputeDevice.AUTO : device;
        onNonFinite = onNonFinite == null ? NonFinitePolicy.STOP : onNonFinite;
        estimator = estimator == null ? Estimator.REPARAM : estimator;
        optimizer = optimizer == null ? Optimizer.ADAM : optimizer;
        path = path == null ? TrainingPath.GENERAL : path; // records written before the fast path ran the general one
        latent = latent == null ? List.of() : List.copyOf(latent);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }

    /**
     * The defaults: MNIST, IWAE with k = 5, one stochastic layer, 100 epochs at a constant rate of
     * 1e-3, batch 20, seed 1, Adam as in the paper.
     *
     * @return the default configuration
     */
    public static TrainConfig defaults() {
        return DEFAULTS;
    }

    /**
     * The paper's training: the defaults with the 8-stage schedule of 3,280 epochs.
     *
     * @return the paper's configuration
     */
    public static TrainConfig paper() {
        return DEFAULTS.schedule(Schedule.PAPER).epochs(LearningRateSchedule.paperEpochs());
    }

    /**
     * Rejects values no run can use, naming the parameter.
     *
     * @return this configuration
     * @throws org.iwae4j.common.InvalidParameterException naming the first bad parameter
     */
    public TrainConfig validate() {
        require(dataset != null && !dataset.isBlank(), "dataset", "must be named");
        require(model != null, "model", "must be named");
        require(k >= 1, "k", "must be at least 1, got " + k);
        require(layers >= 1, "layers", "must be at least 1, got " + layers);
        require(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
        require(batchSize >= 1, "batchSize", "must be at least 1, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "must be positive, got " + learningRate);
        require(threads >= 0, "threads", "must be 0 (auto) or more, got " + threads);
        require(checkpointEvery >= 1, "checkpointEvery", "must be at least 1, got " + checkpointEvery);
        require(keepCheckpoints >= 1, "keepCheckpoints", "must be at least 1, got " + keepCheckpoints);
        require(latent.isEmpty() || latent.size() == layers,
                "latent", "needs one size per stochastic layer (" + layers + "), got " + latent);
        require(hidden.isEmpty() || hidden.size() == layers,
                "hidden", "needs one width per stochastic layer (" + layers + "), got " + hidden);
        require(latent.stream().allMatch(n -> n >= 1), "latent", "sizes must be at least 1, got " + latent);
        require(hidden.stream().allMatch(n -> n >= 1), "hidden", "widths must be at least 1, got " + hidden);
        if (latent.isEmpty() || hidden.isEmpty()) {
            Architecture.paper(layers, 1); // the defaults exist for the paper's depths only
        }
        require(m >= 1, "m", "must be at least 1, got " + m);
        require(Double.isFinite(beta) && beta >= 0 && beta <= 1, "beta", "must be in [0, 1], got " + beta);
        require(Double.isFinite(alpha) && alpha >= 0, "alpha", "must be a number at least 0, got " + alpha);
        require(warmup >= 0, "warmup", "must be 0 (none) or a number of epochs, got " + warmup);
        require(warmup == 0 || warmup < epochs, "warmup",
                "of " + warmup + " epochs never ends within the run's " + epochs + " epochs (the bound would never be trained)");
        require(warmup == 0 || estimator != Estimator.RWS, "warmup",
                "does not apply to --estimator rws: its wake-phase update of q follows no bound with a KL term to scale");
        require(earlyStop >= 0, "earlyStop", "must be 0 (off) or a number of epochs, got " + earlyStop);
        require(Double.isFinite(minDelta) && minDelta >= 0, "minDelta", "must be a number at least 0, got " + minDelta);
        require(minDelta == 0 || earlyStop > 0, "minDelta", "applies to early stopping only, and no patience is set, got " + minDelta);
        learningRates();
        objective();
        for (Setting s : Setting.values()) {
            require(s.usedBy(model) || s.of(this) == s.of(DEFAULTS), s.id,
                    "applies to model " + s.users + " only; model " + model + " ignores it, got "
                    + (s == Setting.M ? String.valueOf(m) : String.valueOf(s.of(this))));
        }
        return this;
    }

    /** The settings only some bounds use, and the built-in bounds that use each. */
    private enum Setting {
        M("m", "miwae or piwae"), BETA("beta", "ciwae"), ALPHA("alpha", "vr");

        final String id;
        final String users;

        Setting(String id, String users) {
            this.id = id;
            this.users = users;
        }

        /** Bounds added by {@link Objectives#register} may use any of them. */
        boolean usedBy(String model) {
            return !Objectives.isBuiltIn(model) || java.util.Arrays.asList(users.split(" or ")).contains(model);
        }

        double of(TrainConfig c) {
            return switch (this) {
                case M -> c.m;
                case BETA -> c.beta;
                case ALPHA -> c.alpha;
            };
        }
    }

    /**
     * The settings the bound ignores ({@link #m()} unless MIWAE or PIWAE, {@link #beta()} unless CIWAE,
     * {@link #alpha()} unless VR) at their defaults, as {@link #validate()} requires of new runs; for
     * records written before it did.
     *
     * @return a copy with them at their defaults
     */
    public TrainConfig withUnusedSettingsAtDefaults() {
        TrainConfig c = this;
        if (!Setting.M.usedBy(model)) {
            c = c.m(DEFAULTS.m);
        }
        if (!Setting.BETA.usedBy(model)) {
            c = c.beta(DEFAULTS.beta);
        }
        if (!Setting.ALPHA.usedBy(model)) {
            c = c.alpha(DEFAULTS.alpha);
        }
        return c;
    }

    /** @return the bound, built with its parameters */
    public Objective objective() {
        return Objectives.create(model, new Objectives.Settings(m, beta, alpha));
    }

    /** @return the bound as a {@link Bound}; fails for bounds added by {@link Objectives#register} */
    public Bound bound() {
        return Bound.of(model);
    }

    /** @return the learning rate of each epoch */
    public LearningRateSchedule learningRates() {
        if (optimizer == Optimizer.BURDA && schedule == Schedule.PAPER) {
            return LearningRateSchedule.paperRounded(learningRate, epochs);
        }
        return schedule.rates(learningRate, epochs);
    }

    /** @return samples drawn per example: k, or m groups of k for MIWAE and PIWAE */
    public int samplesPerExample() {
        return objective().samplesFor(k);
    }

    /**
     * Intra-op threads: two pay off only for large GEMMs (k >= 20 at batch 20), one otherwise.
     *
     * @return {@link #threads()}, or when 0 the count chosen by the step's size
     */
    public int effectiveThreads() {
        if (threads > 0) {
            return threads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return (long) samplesPerExample() * batchSize >= 400 ? Math.min(2, cores) : 1;
    }

    /**
     * @param inputDim pixels per image
     * @return the model's sizes: the paper's for {@link #layers()}, with {@link #latent()} and
     *     {@link #hidden()} where given
     */
    public Architecture architecture(int inputDim) {
        if (!latent.isEmpty() && !hidden.isEmpty()) {
            return new Architecture(inputDim, latent, hidden, 2);
        }
        Architecture paper = Architecture.paper(layers, inputDim);
        return new Architecture(inputDim, latent.isEmpty() ? paper.latent() : latent,
                hidden.isEmpty() ? paper.hidden() : hidden, paper.deterministicLayers());
    }

    /**
     * The warm-up weight of a training step: min(1, t / warmup) with t the epochs done before the step,
     * counted in steps ((epoch - 1) + step / stepsPerEpoch). Its first step of epoch e has exactly
     * (e - 1) / warmup (one correctly rounded division of two integers); 1 without a warm-up.
     *
     * @param epoch the epoch, from 1
     * @param step the step within it, from 0
     * @param stepsPerEpoch steps in an epoch
     * @return the weight of log p(h) - log q(h | x) inside log w, in [0, 1]
     */
    public double klWeight(int epoch, int step, int stepsPerEpoch) {
        long done = (long) (epoch - 1) * stepsPerEpoch + step;
        long total = (long) warmup * stepsPerEpoch;
        return done >= total ? 1.0 : (double) done / total;
    }

    // Withers: a copy with one component changed (a new component needs one here, as the README shows them).

    /**
     * @param value the dataset's name
     * @return a copy with it
     */
    public TrainConfig dataset(String value) {
        return with("dataset", value);
    }

    /**
     * @param value the bound
     * @return a copy with it
     */
    public TrainConfig bound(Bound value) {
        return with("model", value.id());
    }

    /**
     * @param value a bound's name, also one added by {@link Objectives#register}
     * @return a copy with it
     */
    public TrainConfig model(String value) {
        return with("model", value);
    }

    /**
     * @param value samples per example
     * @return a copy with it
     */
    public TrainConfig k(int value) {
        return with("k", value);
    }

    /**
     * @param value stochastic layers
     * @return a copy with it
     */
    public TrainConfig layers(int value) {
        return with("layers", value);
    }

    /**
     * @param values units per stochastic layer
     * @return a copy with them
     */
    public TrainConfig latent(Integer... values) {
        return with("latent", Arrays.asList(values));
    }

    /**
     * @param values tanh widths per stochastic layer
     * @return a copy with them
     */
    public TrainConfig hidden(Integer... values) {
        return with("hidden", Arrays.asList(values));
    }

    /**
     * @param value epochs
     * @return a copy with it
     */
    public TrainConfig epochs(int value) {
        return with("epochs", value);
    }

    /**
     * @param value the schedule
     * @return a copy with it
     */
    public TrainConfig schedule(Schedule value) {
        return with("schedule", value);
    }

    /**
     * @param value the base learning rate
     * @return a copy with it
     */
    public TrainConfig learningRate(double value) {
        return with("learningRate", value);
    }

    /**
     * @param value examples per step
     * @return a copy with it
     */
    public TrainConfig batchSize(int value) {
        return with("batchSize", value);
    }

    /**
     * @param value the seed
     * @return a copy with it
     */
    public TrainConfig seed(long value) {
        return with("seed", value);
    }

    /**
     * @param value intra-op threads, 0 for automatic
     * @return a copy with it
     */
    public TrainConfig threads(int value) {
        return with("threads", value);
    }

    /**
     * @param value the device
     * @return a copy with it
     */
    public TrainConfig device(ComputeDevice value) {
        return with("device", value);
    }

    /**
     * @param value the evaluation binarization seed
     * @return a copy with it
     */
    public TrainConfig evalSeed(long value) {
        return with("evalSeed", value);
    }

    /**
     * @param value epochs between checkpoints
     * @return a copy with it
     */
    public TrainConfig checkpointEvery(int value) {
        return with("checkpointEvery", value);
    }

    /**
     * @param value checkpoints to keep
     * @return a copy with it
     */
    public TrainConfig keepCheckpoints(int value) {
        return with("keepCheckpoints", value);
    }

    /**
     * @param value the non-finite policy
     * @return a copy with it
     */
    public TrainConfig onNonFinite(NonFinitePolicy value) {
        return with("onNonFinite", value);
    }

    /**
     * @param value the gradient estimator
     * @return a copy with it
     */
    public TrainConfig estimator(Estimator value) {
        return with("estimator", value);
    }

    /**
     * @param value MIWAE's and PIWAE's groups
     * @return a copy with it
     */
    public TrainConfig m(int value) {
        return with("m", value);
    }

    /**
     * @param value CIWAE's beta
     * @return a copy with it
     */
    public TrainConfig beta(double value) {
        return with("beta", value);
    }

    /**
     * @param value the Renyi alpha
     * @return a copy with it
     */
    public TrainConfig alpha(double value) {
        return with("alpha", value);
    }

    /**
     * @param value the optimizer
     * @return a copy with it
     */
    public TrainConfig optimizer(Optimizer value) {
        return with("optimizer", value);
    }

    /**
     * @param value how each step is computed
     * @return a copy with it
     */
    public TrainConfig path(TrainingPath value) {
        return with("path", value);
    }

    /**
     * @param value warm-up epochs, 0 for none
     * @return a copy with it
     */
    public TrainConfig warmup(int value) {
        return with("warmup", value);
    }

    /**
     * @param value the early-stopping patience in epochs, 0 for none
     * @return a copy with it
     */
    public TrainConfig earlyStop(int value) {
        return with("earlyStop", value);
    }

    /**
     * @param value the least improvement of the validation bound that counts, in nats
     * @return a copy with it
     */
    public TrainConfig minDelta(double value) {
        return with("minDelta", value);
    }

    private TrainConfig with(String component, Object value) {
        return Records.with(this, component, value);
    }
}
