package org.iwae4j.cli;

import java.util.List;
import org.iwae4j.train.TrainConfig;
import picocli.CommandLine.Option;

/** The options that define a training run (shared by train and demo). */
final class TrainOptions {
    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist, fashion-mnist, binarized-mnist, omniglot, idx:DIR or npz:FILE (see 'iwae data'). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--model", defaultValue = "iwae",
            description = "Objective: vae (ELBO, mean of log w) or iwae (log mean w). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--k", defaultValue = "5", description = "Samples per example (the paper uses 1, 5, 50). Default: ${DEFAULT-VALUE}.")
    int k;

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
                threads, device, evalSeed, checkpointEvery, keepCheckpoints, onNonFinite).validate();
    }
}
