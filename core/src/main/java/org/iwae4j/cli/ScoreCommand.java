package org.iwae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.api.LogLikelihoodEstimate;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.data.Datasets;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.Auroc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", header = "Per-example log p(x) of images under a trained run (anomaly and OOD detection).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-example log p(x) of images under a trained run, by importance sampling: how VAEs are used " +
                "for anomaly and out-of-distribution detection. Writes one CSV row per image (--out) and prints " +
                "the mean NLL of each input; with two or more inputs, also the AUROC with which log p(x) tells the " +
                "first input's images (in-distribution) from each other input's (one line per other input)."},
        footer = {"", "Examples:",
            "  iwae score runs/iwae-k50 --input npz:new.npz --k 5000 --out scores.csv",
            "  iwae score runs/demo/iwae-k5 --input mnist --input fashion-mnist --k 500 --limit 1000 --out ood.csv"})
final class ScoreCommand extends DatasetCommand {
    @Parameters(paramLabel = "RUN", description = "Run directory written by 'iwae train'.")
    Path run;

    @Option(names = "--input", required = true, paramLabel = "DATA",
            description = "Images to score: a dataset (mnist, fashion-mnist, ...), idx:DIR or npz:FILE; repeatable.")
    List<String> inputs;

    @Option(names = "--split", defaultValue = "test", description = "Split of each input: test, validation or train. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--k", description = "Importance samples per image. Default: ${DEFAULT-VALUE}.")
    int k = EvalConfig.defaults().k();

    @Option(names = "--limit", description = "Score only the first N images of each input (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit = EvalConfig.defaults().limit();

    @Option(names = "--seed", description = "Seed of the importance samples. Default: ${DEFAULT-VALUE}.")
    long seed = EvalConfig.defaults().seed();

    @Option(names = "--threads", description = "PyTorch intra-op threads; 0 = auto (2). Default: ${DEFAULT-VALUE}.")
    int threads = EvalConfig.defaults().threads();

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "CSV file: input, index, label, log_px (default: RUN/scores.csv).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        EvalConfig options = EvalConfig.defaults().k(k).split(split).limit(limit).seed(seed).threads(threads)
                .device(ComputeDevice.CPU).validate();
        PrintWriter stdout = out();
        try (TrainedModel model = TrainedModel.load(run, checkpoint.checkpoint)) {
            Path csv = out != null ? out : run.resolve("scores.csv");
            Checks.writable("--out", csv);
            List<ImageSet> sets = new ArrayList<>();
            for (String input : inputs) {
                ImageSet images = Datasets.byName(input).load(data.dataDir).split(options.split());
                if (images.dimension() != model.architecture().inputDim()) {
                    throw new UserError("--input " + input + ": its images have " + images.dimension() + " pixels ("
                            + images.height() + "x" + images.width() + "), the model of " + run + " takes "
                            + model.architecture().inputDim());
                }
                sets.add(images);
            }
            List<double[]> scores = new ArrayList<>();
            StringBuilder rows = new StringBuilder("input,index,label,log_px\n");
            for (int i = 0; i < sets.size(); i++) {
                ImageSet images = sets.get(i);
                LogLikelihoodEstimate ll = model.logLikelihood(images, options,
                        ConsoleProgress.evaluation("score " + inputs.get(i), quiet, err()));
                scores.add(ll.perExample());
                for (int j = 0; j < ll.perExample().length; j++) {
                    rows.append(inputs.get(i)).append(',').append(j).append(',')
                            .append(images.labels() == null ? "" : String.valueOf(images.label(j))).append(',')
                            .append(ll.perExample()[j]).append('\n');
                }
                stdout.printf("%s (%s, %d images): NLL %.2f ± %.2f nats (k=%d)%n", inputs.get(i), split,
                        ll.perExample().length, ll.nll(), ll.stderr(), k);
            }
            AtomicFiles.writeString(csv, rows.toString());
            // the first input is the in-distribution one; each other input is scored against it
            for (int i = 1; i < scores.size(); i++) {
                stdout.printf("AUROC of log p(x), %s (in-distribution) against %s: %.4f%n", inputs.get(0),
                        inputs.get(i), Auroc.of(scores.get(0), scores.get(i)));
            }
            stdout.println("wrote " + csv);
        }
        return 0;
    }
}
