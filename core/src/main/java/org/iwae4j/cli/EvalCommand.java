package org.iwae4j.cli;

import java.nio.file.Path;
import org.iwae4j.run.EvalResult;
import org.iwae4j.api.AisEvaluation;
import org.iwae4j.api.Evaluation;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", header = "Estimate a run's log-likelihood by importance sampling, and its active units.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate the log-likelihood of a trained run by importance sampling (k=5000 as in the paper) " +
                "and count its active units; writes RUN/eval-SPLIT.json and prints a one-line summary.",
            "Images are binarized once with the run's --eval-seed, so every run is scored on the same data."},
        footer = {"", "--method ais estimates log p(x) by annealed importance sampling instead (Neal 2001; Wu et al. 2017):",
            "geometric intermediate distributions p0(h)^(1-beta) p(x,h)^beta from the prior or q, all stochastic layers",
            "annealed jointly, one HMC transition per distribution; writes RUN/eval-SPLIT-ais.json and",
            "eval-SPLIT-ais-logpx.npy. " + AisOptions.EXACTNESS,
            "With --shards N or --master URL (either method) the examples are split into N ranges evaluated as Spark tasks",
            "(local mode, or the standalone cluster at URL) and combined into the same files with the same numbers, bit for bit.",
            "", "Examples:", "  iwae eval runs/iwae-k50 --k 5000 --split test",
            "  iwae eval runs/iwae-k50 --method ais --ais-steps 1000 --chains 16 --leapfrog 10 --limit 500",
            "  iwae eval runs/iwae-k50 --method ais --shards 8 --master spark://host:7077"})
final class EvalCommand extends DatasetCommand {
    @Parameters(paramLabel = "RUN", description = "Run directory written by 'iwae train'.")
    Path run;

    @Mixin
    EvalOptions evaluation;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads; 0 = auto (2). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Mixin
    EvalMethodOptions method;

    @Override
    public Integer call() {
        EvalConfig options = evaluation.toConfig(threads, ComputeDevice.of(device));
        java.util.Optional<org.iwae4j.ais.AisSettings> ais = method.aisSettings(evaluation.withoutInactive());
        if (ais.isPresent()) {
            AisEvaluation.Result result = AisEvaluation.run(run, options, ais.get(), data.dataDir,
                    evaluation.dataPolicy(),
                    ConsoleProgress.evaluation("eval ais " + run, quiet, err()),
                    originalArgs());
            out().println(result.summary());
            return 0;
        }
        EvalResult result = Evaluation.run(run, options, evaluation.withoutInactive(), data.dataDir,
                evaluation.dataPolicy(),
                ConsoleProgress.evaluation("eval " + run, quiet, err()),
                originalArgs());
        out().println(result.summary());
        return 0;
    }
}
