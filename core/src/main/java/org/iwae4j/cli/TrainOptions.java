package org.iwae4j.cli;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.iwae4j.common.NamedChoice;
import org.iwae4j.common.Records;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Datasets;
import org.iwae4j.optim.Schedule;
import org.iwae4j.run.RunRecord;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options that define a training run (shared by train and demo): one field per
 * {@link TrainConfig} component, named like it. Adding a setting to a run is one component of
 * TrainConfig (its default and wither) and one field here; building the configuration, the
 * --resume comparison and its messages follow from the names.
 */
final class TrainOptions {
    /** The library's defaults are the options' defaults. */
    private static final TrainConfig DEFAULTS = TrainConfig.defaults();

    @Option(names = "--dataset", description = "mnist, fashion-mnist, binarized-mnist, omniglot, idx:DIR or npz:FILE (see 'iwae data'). Default: ${DEFAULT-VALUE}.")
    String dataset = DEFAULTS.dataset();

    @Option(names = "--model", paramLabel = "BOUND", description = {
        "The bound to maximize (default: ${DEFAULT-VALUE}):",
        "  vae    ELBO: mean_i log w_i (Kingma & Welling 2014)",
        "  iwae   log (1/k) sum_i w_i (Burda, Grosse & Salakhutdinov 2016)",
        "  miwae  mean over --m groups of the IWAE bound of k samples each (Rainforth et al. 2018)",
        "  ciwae  beta * ELBO + (1 - beta) * IWAE, --beta (Rainforth et al. 2018)",
        "  piwae  decoder by IWAE over m*k samples, encoder by MIWAE(m, k) (Rainforth et al. 2018)",
        "  vr     Renyi bound 1/(1-alpha) log (1/k) sum_i w_i^(1-alpha), --alpha; 0 = IWAE, 1 = ELBO (Li & Turner 2016)"})
    String model = DEFAULTS.model();

    @Option(names = "--k", description = "Samples per example, per group for miwae/piwae (the paper uses 1, 5, 50). Default: ${DEFAULT-VALUE}.")
    int k = DEFAULTS.k();

    @Option(names = "--estimator", description = {
        "Gradient estimator (default: ${DEFAULT-VALUE}):",
        "  reparam  differentiate the bound through the reparameterized samples",
        "  stl      sticking the landing: drop q's score term (Roeder, Wu & Duvenaud 2017)",
        "  dreg     doubly reparameterized encoder gradient, IWAE gradient for the decoder (Tucker et al. 2018)",
        "  rws      reweighted wake-sleep: IWAE gradient for p, wake-phase update for q (Bornschein & Bengio 2015)"})
    String estimator = DEFAULTS.estimator().id();

    @Option(names = "--m", description = "Groups for miwae and piwae. Default: ${DEFAULT-VALUE}.")
    int m = DEFAULTS.m();

    @Option(names = "--beta", description = "ciwae's weight of the ELBO, in [0, 1]. Default: ${DEFAULT-VALUE}.")
    double beta = DEFAULTS.beta();

    @Option(names = "--alpha", description = "vr's alpha >= 0. Default: ${DEFAULT-VALUE}.")
    double alpha = DEFAULTS.alpha();

    @Option(names = "--layers", description = "Stochastic layers, 1 or 2 (the paper's architectures). Default: ${DEFAULT-VALUE}.")
    int layers = DEFAULTS.layers();

    @Option(names = "--latent", split = ",", paramLabel = "N[,N]",
            description = "Latent units per stochastic layer (default 50; 100,50 for 2 layers). E.g. --latent 2 for a 2-D latent space.")
    List<Integer> latent;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N]",
            description = "Width of the 2 tanh layers around each stochastic layer (default 200; 200,100 for 2 layers).")
    List<Integer> hidden;

    @Option(names = "--epochs", description = "Epochs to train (default 100; with --schedule paper, 3280).")
    Integer epochs;

    @Option(names = "--schedule", description = "constant (--lr throughout) or paper (8 stages, stage i of 3^i epochs at lr*10^(-i/7)). Default: ${DEFAULT-VALUE}.")
    String schedule = DEFAULTS.schedule().id();

    @Option(names = "--lr", description = "Adam learning rate (beta1 0.9, beta2 0.999, eps 1e-4). Default: ${DEFAULT-VALUE}.")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--optimizer", description = {"adam: the paper's text (Kingma & Ba's Algorithm 1, beta1 0.9, eps 1e-4 on the bias-corrected sqrt(v)); or " +
            "burda: the paper's code (beta1 0.99, v from ones, eps on the uncorrected sqrt(v); with --schedule paper, " +
            "the stage rates rounded as its experiments.py: 1e-3, 7.2e-4, ..., 1e-4). Default: ${DEFAULT-VALUE}."})
    String optimizer = DEFAULTS.optimizer().id();

    @Option(names = "--path", description = {"How each step is computed: general (autograd over the model's definition: every configuration), fast (the " +
            "backward pass written out, one engine call per step: vae or iwae, reparam, adam, 1 or 2 layers, CPU; it rounds " +
            "differently from general) or auto (fast where it applies, else general).",
        "config.json records the path; a resumed run keeps it. Default: ${DEFAULT-VALUE}."})
    String path = DEFAULTS.path().id();

    @Option(names = "--batch-size", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--seed", description = "Seed of all randomness in the run. Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    @Option(names = "--threads", description = "PyTorch intra-op threads; 0 = auto (2 when k*batch >= 400, else 1). Default: ${DEFAULT-VALUE}.")
    int threads = DEFAULTS.threads();

    @Option(names = "--device", description = "auto, cpu or gpu. Default: ${DEFAULT-VALUE}.")
    String device = DEFAULTS.device().id();

    @Option(names = "--eval-seed", description = "Seed of the fixed binarization of validation and test images. Default: ${DEFAULT-VALUE}.")
    long evalSeed = DEFAULTS.evalSeed();

    @Option(names = "--checkpoint-every", description = "Checkpoint every N epochs (and at stage ends). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery = DEFAULTS.checkpointEvery();

    @Option(names = "--keep-checkpoints", description = "Newest checkpoints to keep (stage ends are always kept). Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints = DEFAULTS.keepCheckpoints();

    @Option(names = "--on-non-finite", description = "What a NaN or infinite bound or gradient does: stop the run, or skip the step and count it. Default: ${DEFAULT-VALUE}.")
    String onNonFinite = DEFAULTS.onNonFinite().id();

    @Option(names = "--warmup", paramLabel = "EPOCHS", description = {"KL warm-up: over the first EPOCHS epochs the weight of " +
            "log p(h) - log q(h|x) inside log w rises linearly, step by step, from 0 to 1 (Sonderby et al. 2016); " +
            "validation and test bounds are never scaled. 0 = none. Default: ${DEFAULT-VALUE}."})
    int warmup = DEFAULTS.warmup();

    @Option(names = "--early-stop", paramLabel = "PATIENCE", description = {"Stop after PATIENCE epochs without a better validation bound " +
            "(counted after the warm-up); checkpoints/best.ckpt is kept either way. 0 = train all epochs. Default: ${DEFAULT-VALUE}."})
    int earlyStop = DEFAULTS.earlyStop();

    @Option(names = "--min-delta", paramLabel = "NATS", description = "With --early-stop: the least improvement of the validation bound that counts as better. Default: ${DEFAULT-VALUE}.")
    double minDelta = DEFAULTS.minDelta();

    /**
     * The configuration these options describe, not yet validated. Each option sets the
     * {@link TrainConfig} component its field is named after (a choice by its name, through the
     * enum's {@code of}); an option not given ({@code null}) keeps the default, the paper's epochs
     * with {@code --schedule paper}.
     */
    TrainConfig given() {
        TrainConfig base = Schedule.of(schedule) == Schedule.PAPER ? TrainConfig.paper() : TrainConfig.defaults();
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            components.put(c.getName(), c);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : settings()) {
            Object value = read(f);
            if (value != null) {
                values.put(f.getName(), asComponent(components.get(f.getName()).getType(), value));
            }
        }
        return Records.with(base, values);
    }

    TrainConfig toConfig() {
        return given().validate();
    }

    /**
     * The option fields, each named after the {@link TrainConfig} component it sets; a test checks
     * that every component has one.
     */
    static List<Field> settings() {
        return Arrays.stream(TrainOptions.class.getDeclaredFields()).filter(f -> f.isAnnotationPresent(Option.class))
                .toList();
    }

    /**
     * @param option a parsed option of a command that mixes these options in
     * @return the component the option sets, or empty for an option that is not a run's setting
     */
    static Optional<String> component(OptionSpec option) {
        return option.userObject() instanceof Field f && f.getDeclaringClass() == TrainOptions.class
                ? Optional.of(f.getName()) : Optional.empty();
    }

    /**
     * @param component a {@link TrainConfig} component or another library parameter
     * @return its option, e.g. {@code --lr} for learningRate; empty when no option sets it
     */
    static Optional<String> flag(String component) {
        return settings().stream().filter(f -> f.getName().equals(component))
                .map(f -> f.getAnnotation(Option.class).names()[0]).findFirst();
    }

    /**
     * The configuration in the form a --resume compares: a dataset by its full name (another path
     * to the same file is the same dataset).
     */
    TrainConfig comparable() {
        TrainConfig c = given();
        return c.dataset(Datasets.byName(c.dataset()).name());
    }

    /** The recorded configuration in the same form: the model's sizes as it has them. */
    static TrainConfig comparable(RunRecord record) {
        return record.config().latent(record.architecture().latent().toArray(Integer[]::new))
                .hidden(record.architecture().hidden().toArray(Integer[]::new));
    }

    /** How a value appears in messages: as the user types it. */
    static String shown(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Enum<?> e) {
            return NamedChoice.id(e);
        }
        return String.valueOf(value);
    }

    private Object read(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A choice given by its name becomes the component's enum; a list a copy; numbers stay. */
    private static Object asComponent(Class<?> type, Object value) {
        if (type.isEnum() && value instanceof String id) {
            try {
                return Records.call(type.getMethod("of", String.class), null, id);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no of(String)", e);
            }
        }
        return value instanceof List<?> list ? List.copyOf(list) : value;
    }
}
