package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Datasets;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a VAE or IWAE on dynamically binarized data (binary datasets are used as they are).",
            "Writes config.json, metrics.jsonl (one JSON object per epoch) and checkpoints/ into --out."},
        footer = {"", "Examples:",
            "  iwae train --model iwae --k 50 --epochs 100 --out runs/iwae-k50",
            "  iwae train --model vae --k 1 --schedule paper --out runs/vae-paper",
            "  iwae train --out runs/iwae-k50 --resume            # continue from the newest checkpoint",
            "  iwae train --out runs/iwae-k50 --resume --epochs 200   # extend a finished run"})
final class TrainCommand implements Callable<Integer> {
    /** Options a resumed run may set; all others come from its config.json. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--out", "--resume", "--epochs", "--data-dir", "--quiet", "--debug");

    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default: runs/DATASET-MODEL-kK-LAYERSl-sSEED).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its newest intact checkpoint.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bar or per-epoch lines.")
    boolean quiet;

    @Mixin
    DataDirOption data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<EpochMetrics> metrics;
        if (resume) {
            if (out == null) {
                throw new UserError("--resume needs --out DIR, the run to continue");
            }
            for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_OPTIONS.contains(o.longestName())) {
                    throw new UserError("--resume continues the run as saved in " + out.resolve("config.json")
                            + "; " + o.longestName() + " cannot change (only --epochs can)");
                }
            }
            metrics = TrainingRun.resume(out, options.epochs, data.dataDir, ConsoleProgress.training(out.toString(), quiet, spec.commandLine().getErr()));
        } else {
            TrainConfig config = options.toConfig();
            Path dir = out != null ? out : Path.of("runs", String.format("%s-%s-k%d-%dl-s%d",
                    Datasets.byName(config.dataset()).label(), config.model(), config.k(), config.layers(), config.seed()));
            metrics = TrainingRun.start(dir, config, data.dataDir, ConsoleProgress.training(dir.toString(), quiet, spec.commandLine().getErr()),
                    spec.commandLine().getParseResult().originalArgs());
            out = dir;
        }
        if (!metrics.isEmpty()) {
            EpochMetrics last = metrics.get(metrics.size() - 1);
            spec.commandLine().getOut().printf("%s: epoch %d, train bound %.2f, validation bound %.2f, %.0f s training in all%n",
                    out, last.epoch(), last.trainBound(), last.valBound(), last.elapsedSeconds());
        }
        return 0;
    }
}
