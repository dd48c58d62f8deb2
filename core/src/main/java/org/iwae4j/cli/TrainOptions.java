package org.iwae4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.data.Datasets;
import org.iwae4j.run.RunRecord;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.NonFinitePolicy;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.config.TrainingPath;
import org.iwae4j.objective.Estimator;
import org.iwae4j.optim.Schedule;
import picocli.CommandLine.Option;

/** The options that define a training run (shared by train and demo). */
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
    double lr = DEFAULTS.learningRate();

    @Option(names = "--optimizer", description = {
        "adam: the paper's text (Kingma & Ba's Algorithm 1, beta1 0.9, eps 1e-4 on the bias-corrected sqrt(v)); or",
        "burda: the paper's code (beta1 0.99, v from ones, eps on the uncorrected sqrt(v); with --schedule paper,",
        "the stage rates rounded as its experiments.py: 1e-3, 7.2e-4, ..., 1e-4). Default: ${DEFAULT-VALUE}."})
    String optimizer = DEFAULTS.optimizer().id();

    @Option(names = "--path", description = {
        "How each step is computed: general (autograd over the model's definition: every configuration), fast (the",
        "backward pass written out, one engine call per step: vae or iwae, reparam, adam, 1 or 2 layers, CPU; it rounds",
        "differently from general) or auto (fast where it applies). config.json records the path; a resumed run keeps",
        "it. Default: ${DEFAULT-VALUE}."})
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

    /**
     * The value of each option that defines a run, normalized so that the recorded run and a
     * command line compare equal when they mean the same (a dataset by its full name, lists by the
     * model's actual sizes, numbers as numbers).
     */
    Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("--dataset", Datasets.byName(dataset).name());
        v.put("--model", model);
        v.put("--k", k);
        v.put("--estimator", Estimator.of(estimator));
        v.put("--m", m);
        v.put("--beta", beta);
        v.put("--alpha", alpha);
        v.put("--layers", layers);
        v.put("--latent", latent == null ? null : List.copyOf(latent));
        v.put("--hidden", hidden == null ? null : List.copyOf(hidden));
        v.put("--schedule", Schedule.of(schedule));
        v.put("--lr", lr);
        v.put("--batch-size", batchSize);
        v.put("--seed", seed);
        v.put("--threads", threads);
        v.put("--device", ComputeDevice.of(device));
        v.put("--eval-seed", evalSeed);
        v.put("--checkpoint-every", checkpointEvery);
        v.put("--keep-checkpoints", keepCheckpoints);
        v.put("--on-non-finite", NonFinitePolicy.of(onNonFinite));
        v.put("--path", TrainingPath.of(path));
        return v;
    }

    /** The same options' values as a run records them. */
    static Map<String, Object> values(RunRecord record) {
        TrainConfig c = record.config();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("--dataset", c.dataset());
        v.put("--model", c.model());
        v.put("--k", c.k());
        v.put("--estimator", c.estimator());
        v.put("--m", c.m());
        v.put("--beta", c.beta());
        v.put("--alpha", c.alpha());
        v.put("--layers", c.layers());
        v.put("--latent", record.architecture().latent());
        v.put("--hidden", record.architecture().hidden());
        v.put("--schedule", c.schedule());
        v.put("--lr", c.learningRate());
        v.put("--batch-size", c.batchSize());
        v.put("--seed", c.seed());
        v.put("--threads", c.threads());
        v.put("--device", c.device());
        v.put("--eval-seed", c.evalSeed());
        v.put("--checkpoint-every", c.checkpointEvery());
        v.put("--keep-checkpoints", c.keepCheckpoints());
        v.put("--on-non-finite", c.onNonFinite());
        v.put("--path", c.path());
        return v;
    }

    /** How a value appears in messages: as the user types it. */
    static String shown(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        }
        if (value instanceof org.iwae4j.objective.Estimator e) {
            return e.id();
        }
        if (value instanceof Schedule e) {
            return e.id();
        }
        if (value instanceof ComputeDevice e) {
            return e.id();
        }
        if (value instanceof NonFinitePolicy e) {
            return e.id();
        }
        if (value instanceof TrainingPath e) {
            return e.id();
        }
        return String.valueOf(value);
    }

    TrainConfig toConfig() {
        Schedule chosen = Schedule.of(schedule);
        TrainConfig base = chosen == Schedule.PAPER ? TrainConfig.paper() : TrainConfig.defaults();
        return base.dataset(dataset).model(model).k(k).layers(layers)
                .latent(latent == null ? new Integer[0] : latent.toArray(Integer[]::new))
                .hidden(hidden == null ? new Integer[0] : hidden.toArray(Integer[]::new))
                .epochs(epochs != null ? epochs : base.epochs()).learningRate(lr).batchSize(batchSize).seed(seed)
                .threads(threads).device(ComputeDevice.of(device)).evalSeed(evalSeed).checkpointEvery(checkpointEvery)
                .keepCheckpoints(keepCheckpoints).onNonFinite(NonFinitePolicy.of(onNonFinite))
                .estimator(Estimator.of(estimator)).m(m).beta(beta).alpha(alpha)
                .optimizer(org.iwae4j.optim.Optimizer.of(optimizer)).path(TrainingPath.of(path)).validate();
    }
}
