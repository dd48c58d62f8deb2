package org.iwae4j.cli;

import java.nio.file.Path;
import org.iwae4j.ais.InferenceGaps;
import org.iwae4j.api.AisEvaluation;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "gaps", header = "The inference gaps (approximation and amortization) of a run per test example.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The inference gaps of Cremer, Li & Duvenaud (2018) per test example: log p(x) by AIS; the best factorized-Gaussian bound, by optimizing the example's own q mean and log sigma with Adam from the encoder's until the bound stops improving; the encoder's (amortized) bound. Approximation gap = log p(x) - best bound, amortization gap = best bound - encoder's bound, for the ELBO and the IWAE bound at --k (default:",
            "the run's k). All bounds use the same fixed noise, and each example keeps its best parameters, the encoder's among them. Writes RUN/gaps-SPLIT.json.",
            "Two stochastic layers: the encoder's q(h1|x) q(h2|h1) keeps its shape; per example, q(h1) gets its own mean and log sigma and the encoder's q(h2|h1) network gets per-example offsets of its mean and log sigma (starting at zero, i.e. at the encoder's q), all optimized together.", AisOptions.EXACTNESS},
        footer = {"", "Example:", "  iwae gaps runs/iwae-k5 --limit 500 --ais-steps 1000"})
final class GapsCommand extends DatasetCommand {
    @Parameters(paramLabel = "RUN", description = "Run directory with a checkpoint.")
    Path run;

    @Option(names = "--split", description = "test, validation or train. Default: ${DEFAULT-VALUE}.")
    String split = "test";

    @Option(names = "--limit", description = "The first N examples (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit = 100;

    @Option(names = "--k", description = "k of the IWAE bound; 0 = the run's k. Default: ${DEFAULT-VALUE}.")
    int k = 0;

    @Option(names = "--ais-steps", paramLabel = "T", description = "AIS: intermediate distributions. Default: ${DEFAULT-VALUE}.")
    int aisSteps = 1000;

    @Mixin
    AisOptions ais;

    @Option(names = "--samples", description = "Samples per Adam step. Default: ${DEFAULT-VALUE}.")
    int samples = 10;

    @Option(names = "--lr", description = "Adam's step size. Default: ${DEFAULT-VALUE}.")
    double learningRate = 1e-2;

    @Option(names = "--max-iterations", description = "The most Adam steps per bound. Default: ${DEFAULT-VALUE}.")
    int maxIterations = 2000;

    @Option(names = "--eval-samples", description = "Fixed noise samples every bound is evaluated on. Default: ${DEFAULT-VALUE}.")
    int evalSamples = 1000;

    @Option(names = "--seed", description = "Seed of AIS, the fixed noise and the optimization. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads; 0 = auto (2). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        int bound = k > 0 ? k : org.iwae4j.run.RunDirectory.open(run).readRecord().config().k();
        InferenceGaps.Settings settings = new InferenceGaps.Settings(bound, samples, learningRate, maxIterations, 50,
                evalSamples, 0.01).validate();
        EvalConfig options = EvalConfig.defaults().split(split).limit(limit).seed(seed).threads(threads)
                .device(ComputeDevice.CPU);
        AisEvaluation.GapsResult result = AisEvaluation.gaps(run, options, ais.toSettings(aisSteps), settings,
                data.dataDir, ConsoleProgress.evaluation("gaps " + run, quiet, err()),
                originalArgs());
        out().println(result.table());
        return 0;
    }
}
