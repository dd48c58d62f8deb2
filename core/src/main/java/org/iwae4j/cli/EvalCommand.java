package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iwae4j.run.EvalResult;
import org.iwae4j.api.Evaluation;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate the log-likelihood of a trained run by importance sampling (k=5000 as in the paper)",
            "and count its active units; writes RUN/eval-SPLIT.json and prints a one-line summary.",
            "Images are binarized once with the run's --eval-seed, so every run is scored on the same data."},
        footer = {"", "Example:", "  iwae eval runs/iwae-k50 --k 5000 --split test"})
final class EvalCommand implements Callable<Integer> {
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
    DataDirOption data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EvalConfig options = evaluation.toConfig(threads, ComputeDevice.of(device));
        EvalResult result = Evaluation.run(run, options, evaluation.withoutInactive(), data.dataDir,
                evaluation.dataPolicy(),
                ConsoleProgress.evaluation("eval " + run, quiet, spec.commandLine().getErr()),
                spec.commandLine().getParseResult().originalArgs());
        spec.commandLine().getOut().println(result.summary());
        return 0;
    }
}
