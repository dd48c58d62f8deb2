package org.iwae4j.cli;

import java.util.List;
import org.iwae4j.config.TrainConfig;
import picocli.CommandLine.Option;

/** The options that define a training run (shared by train and demo). */
final class TrainOptions {
    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist, fashion-mnist, binarized-mnist, omniglot, idx:DIR or npz:FILE (see 'iwae data'). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--model", defaultValue = "iwae", paramLabel = "BOUND", description = {
        "The bound to maximize (default: ${DEFAULT-VALUE}):",
        "  vae    ELBO: mean_i log w_i (Kingma & Welling 2014)",
        "  iwae   log (1/k) sum_i w_i (Burda, Grosse & Salakhutdinov 2016)",
        "  miwae  mean over --m groups of the IWAE bound of k samples each (Rainforth et al. 2018)",
        "  ciwae  beta * ELBO + (1 - beta) * IWAE, --beta (Rainforth et al. 2018)",
        "  piwae  decoder by IWAE over m*k samples, encoder by MIWAE(m, k) (Rainforth et al. 2018)",
        "  vr     Renyi bound 1/(1-alpha) log (1/k) sum_i w_i^(1-alpha), --alpha; 0 = IWAE, 1 = ELBO (Li & Turner 2016)"})
    String model;

    @Option(names = "--k", defaultValue = "5", description = "Samples per example, per group for miwae/piwae (the paper uses 1, 5, 50). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--estimator", defaultValue = "reparam", description = {
        "Gradient estimator (default: ${DEFAULT-VALUE}):",
        "  reparam  differentiate the bound through the reparameterized samples",
        "  stl      sticking the landing: drop q's score term (Roeder, Wu & Duvenaud 2017)",
        "  dreg     doubly reparameterized encoder gradient, IWAE gradient for the decoder (Tucker et al. 2018)",
        "  rws      reweighted wake-sleep: IWAE gradient for p, wake-phase update for q (Bornschein & Bengio 2015)"})
    String estimator;

    @Option(names = "--m", defaultValue = "1", description = "Groups for miwae and piwae. Default: ${DEFAULT-VALUE}.")
    int m;

    @Option(names = "--beta", defaultValue = "0.5", description = "ciwae's weight of the ELBO, in [0, 1]. Default: ${DEFAULT-VALUE}.")
    double beta;

    @Option(names = "--alpha", defaultValue = "0.5", description = "vr's alpha >= 0. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--layers", defaultValue = "1", description = "Stochastic layers, 1 or 2 (the paper's architectures). Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--latent", split = ",", paramLabel = "N[,N]",
            description = "Latent units per stochastic layer (default 50; 100,50 for 2 layers). E.g. --latent 2 for a 2-D latent space.")
    List<Integer> latent;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N]",
            description = "Width of the 2 tanh layers around each stochastic layer (default 200; 200,100 for 2 layers).")
    List<Integer> hidden;

    @Option(names = "--epochs", description = "Epochs to train (default 100; with --schedule paper, 3280).")
    Integer epochs;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "constant (--lr throughout) or paper (8 stages, stage i of 3^i epochs at lr*10^(-i/7)). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (beta1 0.9, beta2 0.999, eps 1e-4). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--batch-size", defaultValue = "20", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of all randomness in the run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", defaultValue = "0",
            description = "PyTorch intra-op threads; 0 = auto (2 when k*batch >= 400, else 1). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--eval-seed", defaultValue = "0",
            description = "Seed of the fixed binarization of validation and test images. Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Option(names = "--checkpoint-every", defaultValue = "1", description = "Checkpoint every N epochs (and at stage ends). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", defaultValue = "3", description = "Newest checkpoints to keep (stage ends are always kept). Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints;

    @Option(names = "--on-non-finite", defaultValue = "stop",
            description = "What a NaN or infinite bound or gradient does: stop the run, or skip the step and count it. Default: ${DEFAULT-VALUE}.")
    String onNonFinite;

    TrainConfig toConfig() {
        int epochCount = epochs != null ? epochs : "paper".equals(schedule) ? 3280 : 100;
        return new TrainConfig(dataset, model, k, layers, latent, hidden, epochCount, schedule, lr, batchSize, seed,
                threads, device, evalSeed, checkpointEvery, keepCheckpoints, onNonFinite, estimator, m, beta, alpha).validate();
    }
}
