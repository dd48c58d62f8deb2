package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import java.util.Set;
import org.iwae4j.common.Records;
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
final class TrainCommand extends DatasetCommand {
    /** Options a resumed run may set; all others come from its config.json and may only repeat it. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--out", "--resume", "--epochs", "--data-dir", "--quiet",
            "--debug", "--accept-changed-data");

    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default: runs/DATASET-MODEL-kK-LAYERSl-sSEED).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its newest intact checkpoint.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bar or per-epoch lines.")
    boolean quiet;

    @Option(names = "--accept-changed-data", description = {"With --resume: train on the data files as they are now even if " +
            "they differ from the SHA-256 recorded when the run started (the change is recorded in config.json)."})
    boolean acceptChangedData;

    @Override
    public Integer call() {
        List<EpochMetrics> metrics;
        if (resume) {
            if (out == null) {
                throw new UserError("--resume needs --out DIR, the run to continue");
            }
            checkRepeatsRecord(RunDirectory.open(out).readRecord());
            metrics = TrainingRun.resume(out, options.epochs, data.dataDir,
                    acceptChangedData ? DataCheck.Policy.ACCEPT_CHANGED : DataCheck.Policy.VERIFY, ConsoleProgress.training(out.toString(), quiet, err()));
        } else {
            if (acceptChangedData) {
                throw new UserError("--accept-changed-data applies to --resume only (a new run records its data as it is)");
            }
            TrainConfig config = options.toConfig();
            Path dir = out != null ? out : Path.of("runs", String.format("%s-%s-k%d-%dl-s%d",
                    Datasets.byName(config.dataset()).label(), config.model(), config.k(), config.layers(), config.seed()));
            metrics = TrainingRun.start(dir, config, data.dataDir, ConsoleProgress.training(dir.toString(), quiet, err()),
                    originalArgs());
            out = dir;
        }
        if (!metrics.isEmpty()) {
            EpochMetrics last = metrics.get(metrics.size() - 1);
            out().printf("%s: epoch %d, train bound %.2f, validation bound %.2f, %.0f s training in all%n",
                    out, last.epoch(), last.trainBound(), last.valBound(), last.elapsedSeconds());
            metrics.stream().filter(m -> m.epoch() == last.bestEpoch()).findFirst().ifPresent(best -> out()
                    .printf("%s: best validation bound %.2f at epoch %d (--checkpoint best)%n", out, best.valBound(), best.epoch()));
        }
        return 0;
    }

    /**
     * A resumed run keeps its configuration: options given with --resume must repeat the recorded
     * values (a job script or a scheduler re-running the whole command line is fine); a real change
     * is refused naming the recorded and the new value. Only --epochs may change.
     */
    private void checkRepeatsRecord(RunRecord record) {
        Map<String, Object> recorded = Records.values(TrainOptions.comparable(record));
        Map<String, Object> given = null;
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            if (RESUME_OPTIONS.contains(name)) {
                continue;
            }
            String component = TrainOptions.component(o).orElseThrow(() -> new UserError("--resume continues the run as saved in "
                    + RunDirectory.configFileIn(out) + "; " + name + " cannot be given with it (only --epochs can change)"));
            given = given != null ? given : Records.values(options.comparable());
            Object before = recorded.get(component);
            Object now = given.get(component);
            boolean same = before instanceof Number a && now instanceof Number b
                    ? Double.compare(a.doubleValue(), b.doubleValue()) == 0
                    : java.util.Objects.equals(before, now) || now == org.iwae4j.config.TrainingPath.AUTO;
            if (!same) {
                throw new UserError(name + " cannot change on --resume: the run in " + out + " has "
                        + TrainOptions.shown(before) + ", the command gives " + TrainOptions.shown(now)
                        + " (only --epochs can change; train a new run in another --out for other settings)");
            }
        }
    }
}
