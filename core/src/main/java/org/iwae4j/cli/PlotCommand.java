package org.iwae4j.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.common.Torch;
import org.iwae4j.plot.CurvesChart;
import org.iwae4j.plot.Png;
import org.iwae4j.plot.RunPlots;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Pictures of trained runs as PNG files: each is written to RUN/plots/KIND.png (or --out DIR) " +
                "and its path printed."},
        subcommands = {
            PlotCommand.Samples.class, PlotCommand.Reconstructions.class, PlotCommand.Resampled.class,
            PlotCommand.Latent.class, PlotCommand.Posterior.class, PlotCommand.Units.class,
            PlotCommand.Curves.class, PlotCommand.Filters.class
        })
final class PlotCommand extends CommandGroup {

    /** The options every single-run plot shares. */
    static final class RunOptions {
        @Parameters(index = "0", paramLabel = "RUN", description = "Run directory written by 'iwae train'.")
        Path run;

        @Option(names = "--out", paramLabel = "DIR", description = "Directory for the PNG (default: RUN/plots).")
        Path out;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Mixin
        DataDirOption data;

        @Option(names = "--accept-changed-data", description = {"Use the data files as they are now even if they differ " +
                "from the SHA-256 recorded when the run was trained."})
        boolean acceptChangedData;

        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec command;

        java.io.PrintWriter out() {
            return command.commandLine().getOut();
        }

        /**
         * Checks that KIND.png can be written and that the run's data is as recorded (before
         * anything is computed), then opens the run.
         */
        RunPlots open(String kind) {
            RunDirectory dir = RunDirectory.open(run);
            RunRecord record = dir.readRecord();
            Path target = (out != null ? out : dir.root().resolve("plots")).resolve(kind + ".png");
            java.io.PrintWriter err = command.commandLine().getErr();
            Torch.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
            if (acceptChangedData && !DataCheck.changes(record, data.dataDir).isEmpty()) { // not of another size
                DataCheck.checkImageSize(record, datasets(data.dataDir).apply(record.config().dataset()));
            }
            DataCheck.verify(record, data.dataDir,
                    acceptChangedData ? DataCheck.Policy.ACCEPT_CHANGED : DataCheck.Policy.VERIFY, err::println);
            AtomicFiles.removeStaleTemporaries(target.toAbsolutePath().getParent());
            AtomicFiles.checkWritable(target);
            return new RunPlots(run, datasets(data.dataDir), checkpoint.chosen(), seed, err::println);
        }

        /**
         * Opens the run (after the checks of {@link #open}), draws the picture and writes it as
         * KIND.png into --out or RUN/plots, printing the path.
         *
         * @return the exit code, 0
         */
        int plot(String kind, Function<RunPlots, BufferedImage> draw) {
            try (RunPlots plots = open(kind)) {
                save(plots, kind, draw.apply(plots));
            }
            return 0;
        }

        /** Writes {@code image} as KIND.png into --out or RUN/plots, prints and returns the path. */
        Path save(RunPlots plots, String kind, BufferedImage image) {
            Path file = Png.write(image, (out != null ? out : plots.defaultOut()).resolve(kind + ".png"));
            out().println(file);
            return file;
        }
    }

    static Function<String, DatasetSplits> datasets(Path dataDir) {
        return name -> Datasets.byName(name).load(dataDir);
    }

    @Command(name = "samples", mixinStandardHelpOptions = true,
            description = "A grid of images decoded from prior samples (Bernoulli means).")
    static final class Samples implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--grid", defaultValue = "10", description = "Rows and columns of the grid. Default: ${DEFAULT-VALUE}.")
        int grid;

        @Override
        public Integer call() {
            Checks.between("--grid", grid, 1, 100);
            return options.plot("samples", plots -> plots.samples(grid));
        }
    }

    @Command(name = "reconstructions", mixinStandardHelpOptions = true,
            description = "Test images beside their reconstructions (decoded posterior means), one row per class.")
    static final class Reconstructions implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--per-class", defaultValue = "4", description = "Images per class. Default: ${DEFAULT-VALUE}.")
        int perClass;

        @Override
        public Integer call() {
            Checks.between("--per-class", perClass, 1, 100);
            return options.plot("reconstructions", plots -> plots.reconstructions(perClass));
        }
    }

    @Command(name = "resampled", header = "Decoded draws from q(z|x) beside decoded q_IW draws, per test image.", mixinStandardHelpOptions = true,
            description = {"Per test image: decoded draws from q(z|x) beside decoded q_IW draws (sampling importance " +
                    "resampling: k draws from q, weighted by p(x,z)/q(z|x), one kept; Cremer, Morris & Duvenaud 2017)."})
    static final class Resampled implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--k", defaultValue = "100", description = "Candidates per resampled draw. Default: ${DEFAULT-VALUE}.")
        int k;

        @Option(names = "--inputs", defaultValue = "8", description = "Test images (rows). Default: ${DEFAULT-VALUE}.")
        int inputs;

        @Option(names = "--draws", defaultValue = "5", description = "Draws of each kind per image. Default: ${DEFAULT-VALUE}.")
        int draws;

        @Override
        public Integer call() {
            Checks.atLeast("--k", k, 1);
            Checks.atLeast("--inputs", inputs, 1);
            Checks.atLeast("--draws", draws, 1);
            return options.plot("resampled", plots -> plots.resampled(inputs, k, draws));
        }
    }

    @Command(name = "latent", mixinStandardHelpOptions = true,
            description = "2-D latent space (train with --latent 2): posterior means of test images coloured by label.")
    static final class Latent implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--n", defaultValue = "2000", description = "Test images. Default: ${DEFAULT-VALUE}.")
        int n;

        @Option(names = "--resampled", description = "One q_IW draw per image instead of the posterior mean.")
        boolean resampled;

        @Option(names = "--k", defaultValue = "100", description = "Candidates per q_IW draw with --resampled. Default: ${DEFAULT-VALUE}.")
        int k;

        @Option(names = "--epochs", description = "One panel per saved checkpoint.")
        boolean epochs;

        @Override
        public Integer call() {
            Checks.atLeast("--n", n, 1);
            Checks.atLeast("--k", k, 1);
            return options.plot("latent", plots -> plots.latent(n, resampled ? k : 0, epochs));
        }
    }

    @Command(name = "posterior", header = "The true posterior beside q and q_IW for a 2-D latent model and one test image.", mixinStandardHelpOptions = true,
            description = {"For a 2-D latent model and one test image: the true posterior p(z|x) on a grid, q(z|x), and " +
                    "q_IW(z|x) from resampling with k = 1, 10, 100; prints log p(x) by quadrature and by importance sampling."})
    static final class Posterior implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--index", defaultValue = "0", description = "Test image. Default: ${DEFAULT-VALUE}.")
        int index;

        @Option(names = "--draws", defaultValue = "5000", description = "Resampled draws per q_IW histogram. Default: ${DEFAULT-VALUE}.")
        int draws;

        @Option(names = "--eval-k", defaultValue = "5000", description = "Importance samples for log p(x). Default: ${DEFAULT-VALUE}.")
        int evalK;

        @Override
        public Integer call() {
            Checks.atLeast("--index", index, 0);
            Checks.atLeast("--draws", draws, 1);
            Checks.atLeast("--eval-k", evalK, 1);
            return options.plot("posterior", plots -> {
                RunPlots.Posterior result = plots.posterior(index, draws, evalK);
                options.out().printf("log p(x) of test image %d: %.3f by quadrature, %.3f by importance sampling (k=%d), difference %.3f nats%n",
                        index, result.logPxQuadrature(), result.logPxImportance(), result.k(),
                        result.logPxQuadrature() - result.logPxImportance());
                return result.image();
            });
        }
    }

    @Command(name = "units", header = "Posterior-mean variances and each unit's KL: active units and posterior collapse.", mixinStandardHelpOptions = true,
            description = {"Histogram of the log variances of the posterior means over test images, active-unit threshold 0.01 marked; " +
                    "beside it each unit's KL(q(u|x) || p(u)), ranked, with the KL term and I(x; h1) (posterior collapse)."})
    static final class Units implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--limit", defaultValue = "0", description = "Only the first N test images (0 = all). Default: ${DEFAULT-VALUE}.")
        int limit;

        @Override
        public Integer call() {
            Checks.atLeast("--limit", limit, 0);
            return options.plot("units", plots -> plots.units(limit));
        }
    }

    @Command(name = "filters", mixinStandardHelpOptions = true,
            description = "First-layer weights of q and last-layer weights of p as image tiles.")
    static final class Filters implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--units", defaultValue = "100", description = "Hidden units shown per network. Default: ${DEFAULT-VALUE}.")
        int units;

        @Override
        public Integer call() {
            Checks.atLeast("--units", units, 1);
            return options.plot("filters", plots -> plots.filters(units));
        }
    }

    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "Training and validation bounds per epoch from metrics.jsonl; several runs are overlaid.")
    static final class Curves extends IwaeCommand {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "DIR", description = "Directory for curves.png (default: the first RUN/plots).")
        Path out;

        @Override
        public Integer call() {
            List<CurvesChart.Curve> curves = new ArrayList<>();
            for (Path dir : runs) {
                curves.add(new CurvesChart.Curve(dir.getFileName().toString(),
                        MetricsLog.read(RunDirectory.open(dir).metricsFile())));
            }
            Path dir = out != null ? out : runs.get(0).resolve("plots");
            out().println(Png.write(CurvesChart.render(curves, 1000, 560), dir.resolve("curves.png")));
            return 0;
        }
    }
}
