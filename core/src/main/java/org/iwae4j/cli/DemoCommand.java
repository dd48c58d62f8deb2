package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.Datasets;
import org.iwae4j.run.EvalResult;
import org.iwae4j.api.Evaluation;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.plot.Report;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.train.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", header = "The paper's VAE-versus-IWAE comparison on MNIST in a few minutes, with an HTML report.", mixinStandardHelpOptions = true,
        description = {"The paper's comparison in a few minutes: fetch MNIST if missing, train a VAE (k=1) and an " +
                "IWAE (k=5) with the same seed and epochs, estimate both test log-likelihoods with k=5000, " +
                "print them side by side, train a small IWAE with a 2-D latent space for the posterior picture " +
                "(p(h|x) beside q and q_IW), and write an HTML report with plots (--out/report/index.html).",
            "Runs go to --out; a second demo continues or reuses them."})
final class DemoCommand extends DatasetCommand {
    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per model. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--eval-limit", defaultValue = "1000",
            description = "Test images to evaluate (0 = all 10,000, about 2-4 minutes per model). Default: ${DEFAULT-VALUE}.")
    int evalLimit;

    @Option(names = "--eval-k", defaultValue = "5000", description = "Importance samples for the test NLL. Default: ${DEFAULT-VALUE}.")
    int evalK;

    @Option(names = "--latent2-epochs", defaultValue = "2",
            description = "Epochs of the 2-D latent IWAE shown in the posterior panel (0 = none). Default: ${DEFAULT-VALUE}.")
    int latent2Epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of all runs. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Parent directory of the two runs. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        Checks.atLeast("--epochs", epochs, 1);
        Checks.atLeast("--latent2-epochs", latent2Epochs, 0);
        EvalConfig evaluation = EvalConfig.defaults().k(evalK).limit(evalLimit);
        Checks.inFlags(evaluation::validate, "k", "--eval-k", "limit", "--eval-limit");
        Dataset mnist = Datasets.byName("mnist");
        if (!mnist.isPresent(data.dataDir)) {
            out().println("MNIST is missing from " + data.dataDir + "; fetching it");
            mnist.fetch(data.dataDir, WriterStream.of(out()));
        }
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (String[] pair : new String[][] {{"vae", "1"}, {"iwae", "5"}}) {
            String model = pair[0];
            int k = Integer.parseInt(pair[1]);
            Path dir = out.resolve(model + "-k" + k);
            dirs.add(dir);
            TrainConfig config = TrainConfig.defaults().dataset("mnist").model(model).k(k).epochs(epochs).seed(seed)
                    .validate();
            List<EpochMetrics> metrics = RunDirectory.holdsRun(dir)
                    ? TrainingRun.resume(dir, epochs, data.dataDir, ConsoleProgress.training(dir.toString(), quiet, err()))
                    : TrainingRun.start(dir, config, data.dataDir, ConsoleProgress.training(dir.toString(), quiet, err()),
                            List.of("demo"));
            EvalResult eval = Evaluation.run(dir, evaluation, data.dataDir,
                    ConsoleProgress.evaluation("eval " + dir, quiet, err()), List.of("demo"));
            out().println(eval.summary());
            rows.add(new Row(model, k, metrics.get(metrics.size() - 1), eval));
        }
        out().println();
        out().printf("MNIST, 1 stochastic layer, %d epochs, seed %d; test NLL with k=%d on %s test images%n",
                epochs, seed, evalK, evalLimit == 0 ? "all" : "the first " + evalLimit);
        out().println("| model | k | epochs | train bound | val bound | test NLL (nats) | active units | train time |");
        out().println("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out().printf("| %s | %d | %d | %.2f | %.2f | %.2f ± %.2f | %d/%d | %.0f s |%n", r.model, r.k,
                    r.last.epoch(), r.last.trainBound(), r.last.valBound(), r.eval.nll(), r.eval.stderr(),
                    r.eval.activeUnits(), r.eval.latentUnits(), r.last.elapsedSeconds());
        }
        if (latent2Epochs > 0) {
            Path dir = out.resolve("iwae-k5-latent2");
            dirs.add(dir);
            TrainConfig config = TrainConfig.defaults().dataset("mnist").k(5).latent(2).epochs(latent2Epochs).seed(seed)
                    .validate();
            ProgressListener progress = ConsoleProgress.training(dir.toString(), quiet, err());
            if (RunDirectory.holdsRun(dir)) {
                TrainingRun.resume(dir, latent2Epochs, data.dataDir, progress);
            } else {
                TrainingRun.start(dir, config, data.dataDir, progress, List.of("demo"));
            }
        }
        double gap = rows.get(0).eval.nll() - rows.get(1).eval.nll();
        out().printf("IWAE k=5 is %.2f nats %s than the VAE. Runs in %s%n", Math.abs(gap),
                gap > 0 ? "better" : "worse", out);
        Path page = Report.write(dirs, out.resolve("report"), PlotCommand.datasets(data.dataDir), seed,
                quiet ? line -> {} : err()::println);
        out().printf("Report (plots, table, provenance): %s; demo took %.0f s%n", page,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private record Row(String model, int k, EpochMetrics last, EvalResult eval) {}
}
