package org.iwae4j.experiment;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.common.UserError;
import org.iwae4j.run.EvalResult;
import org.iwae4j.cli.CommandGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that run on Spark: `iwae experiment table1|table2|status` and `iwae eval RUN
 * --master ...`. The launcher starts this class (with Spark on the classpath) for them only.
 */
@Command(name = "iwae", mixinStandardHelpOptions = true, description = "iwae4j on Apache Spark.",
        subcommands = {ExperimentMain.ExperimentCommand.class, ExperimentMain.ShardedEvalCommand.class})
public final class ExperimentMain extends CommandGroup {
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the CLI's error policy; 0 ok, 1 internal error, 2 bad input. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ExperimentMain());
        cli.setUsageHelpWidth(110);
        return org.iwae4j.cli.Main.run(cli, args, out, err);
    }

    /** Options every Spark command shares. */
    static final class SparkOptions {
        @Option(names = "--master", paramLabel = "URL", description = {"Spark master, e.g. spark://host:7077. Default: Spark embedded in local mode on this machine.",
            "On a cluster, --out (or the run) must be on a file system every executor sees (NFS, a mounted bucket) " +
                "and the iwae4j build at the same path on every machine. Bounded waits: a master that does not answer " +
                "within 10 s, or a job without any executor for 2 minutes (none started, or all lost), ends the " +
                "command with one line (exit 2)."})
        String master;

        @Option(names = "--parallel", defaultValue = "0", paramLabel = "N",
                description = "Local mode: tasks at a time; 0 = cores / --threads. Default: ${DEFAULT-VALUE}.")
        int parallel;

        @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
                description = "PyTorch threads per task (on a cluster also the cores each task claims). Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(names = "--attempts", defaultValue = "4", paramLabel = "N",
                description = "Tries per task when a process or an executor dies; each resumes from the newest intact checkpoint. Default: ${DEFAULT-VALUE}.")
        int attempts;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the datasets live. Default: data/ beside the launcher.")
        Path dataDir;

        @Option(names = "--debug", description = "Print stack traces of errors.")
        boolean debug;

        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = {
            "A Spark setting, as spark-submit takes it (repeatable), e.g. --conf spark.executor.memory=2g. Settings in "
                + "$SPARK_CONF_DIR/spark-defaults.conf apply where --conf is silent."})
        java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();

        @Option(names = "--ui", description = "Start the Spark web UI (http://DRIVER:4040) to watch a long grid; off by default.")
        boolean ui;

        SparkExperiment.Settings settings() {
            if (threads < 1) {
                throw new UserError("--threads must be at least 1, got " + threads);
            }
            if (parallel < 0) {
                throw new UserError("--parallel must be 0 (auto) or more, got " + parallel);
            }
            if (attempts < 1) {
                throw new UserError("--attempts must be at least 1, got " + attempts);
            }
            if (master != null && !master.matches("(spark|local|yarn|k8s)(://.+|\\[.+\\])?")) {
                throw new UserError("--master must be a Spark master URL such as spark://host:7077, got '" + master + "'");
            }
            Master.checkReachable(master);
            int cores = Runtime.getRuntime().availableProcessors();
            int slots = parallel > 0 ? parallel : Math.max(1, cores / threads);
            java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>(conf);
            if (ui) {
                sparkConf.put("spark.ui.enabled", "true");
            }
            return new SparkExperiment.Settings(master, slots, attempts, Launch.childClasspath(), Launch.mklFix(),
                    Launch.sparkJars(), Launch.progressSeconds(), sparkConf);
        }

        Path dataDir() {
            return dataDir(dataDir);
        }

        /** The given --data-dir, else the launcher's (iwae.data.dir), else data/. */
        static Path dataDir(Path given) {
            if (given != null) {
                return given;
            }
            String property = System.getProperty("iwae.data.dir");
            return Path.of(property != null ? property : "data");
        }
    }

    /** Which Adam trains the experiment's runs. */
    static final class OptimizerOption {
        @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME", description = {"adam (the paper's text, Kingma & Ba's Algorithm 1) or burda (the paper's code: beta1 0.99, v from ones, " +
                "eps on the uncorrected sqrt(v), stage rates rounded as its experiments.py). Default: ${DEFAULT-VALUE}."})
        String name;

        String id() {
            return org.iwae4j.optim.Optimizer.of(name).id();
        }
    }

    /** Evaluation options of the experiments. */
    static final class EvalOptions {
        @Option(names = "--eval-k", defaultValue = "5000", paramLabel = "K",
                description = "Importance samples per test image for the NLL (the paper's 5000). Default: ${DEFAULT-VALUE}.")
        int evalK;

        @Option(names = "--eval-limit", defaultValue = "0", paramLabel = "N",
                description = "Evaluate only the first N test images (0 = the whole test set, as the paper). Default: ${DEFAULT-VALUE}.")
        int evalLimit;

        @Option(names = "--eval-seed", defaultValue = "1", paramLabel = "SEED",
                description = "Seed of the evaluation's importance samples. Default: ${DEFAULT-VALUE}.")
        long evalSeed;

        void validate() {
            if (evalK < 1) {
                throw new UserError("--eval-k must be at least 1, got " + evalK);
            }
            if (evalLimit < 0) {
                throw new UserError("--eval-limit must be 0 (all) or more, got " + evalLimit);
            }
        }
    }

    /** What both tables' commands share: the optimizer, the evaluation, Spark, and running the grid. */
    static final class GridOptions {
        @CommandLine.Mixin
        OptimizerOption optimizer;

        @CommandLine.Mixin
        EvalOptions eval;

        @CommandLine.Mixin
        SparkOptions spark;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /** A table's configurations for the tasks' threads and the optimizer's name. */
        interface Chains {
            List<List<Configuration>> of(int threads, String optimizer);
        }

        int run(String table, Path out, Chains chains) {
            eval.validate();
            SparkExperiment.Settings settings = spark.settings();
            return Launch.experiment(table, chains.of(spark.threads, optimizer.id()), out, eval, settings,
                    spark.dataDir(), spark.threads, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "experiment", header = "The paper's experiments on Apache Spark, one task per configuration.", mixinStandardHelpOptions = true,
            description = {"The paper's experiments on Apache Spark: one Spark task per configuration, each an ordinary " +
                    "run directory under --out, trained and then evaluated on the test set with k=5000, with and " +
                    "without its inactive units. Running a command again resumes it and redoes nothing done."},
            subcommands = {Table1Command.class, Table2Command.class, StatusCommand.class})
    static final class ExperimentCommand extends CommandGroup {}

    @Command(name = "table1", header = "Burda et al.'s Table 1: VAE and IWAE, k = 1, 5, 50, 1 and 2 layers.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Burda et al.'s Table 1: per dataset, 1 and 2 stochastic layers, VAE and IWAE with k = 5 and 50 " +
                    "and k = 1 once (the bounds coincide), the paper's schedule; writes table1.md/.csv/.json/.html " +
                    "into --out beside the run directories, with the paper's numbers and the differences."},
            footer = {"", "Examples:", "  iwae experiment table1 --out runs/table1",
                "  iwae experiment table1 --epochs 30 --datasets mnist --out runs/t1-short",
                "  iwae experiment table1 --master spark://host:7077 --out /mnt/nfs/runs/table1"})
    static final class Table1Command implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The experiment's directory.")
        Path out;

        @Option(names = "--epochs", defaultValue = "3280", paramLabel = "N",
                description = "The first N epochs of the paper's 3,280-epoch schedule. Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(names = "--datasets", defaultValue = "mnist,omniglot", split = ",", paramLabel = "LIST",
                description = "Datasets, comma-separated (mnist, omniglot, or any iwae4j dataset). Default: ${DEFAULT-VALUE}.")
        List<String> datasets;

        @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
                description = "Seeds 1..N per configuration. Default: ${DEFAULT-VALUE}.")
        int seeds;

        @CommandLine.Mixin
        GridOptions grid;

        @Override
        public Integer call() {
            if (seeds < 1) {
                throw new UserError("--seeds must be at least 1, got " + seeds);
            }
            List<Long> seedList = new ArrayList<>();
            for (long s = 1; s <= seeds; s++) {
                seedList.add(s);
            }
            return grid.run("table1", out, (threads, optimizer) -> Grid.table1(datasets, seedList, epochs, threads,
                    optimizer));
        }
    }

    @Command(name = "table2", header = "Burda et al.'s Table 2: a trained model continued under the other bound.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Burda et al.'s Table 2: a 1-layer VAE (k=1) continued as an IWAE (k=50), and a 1-layer IWAE " +
                    "(k=50) continued as a VAE, for 3^7 = 2,187 epochs at lr 1e-4 with Adam's state carried over; " +
                    "the first stages are Table 1's runs (give table1's --out to reuse them). Writes table2.*."},
            footer = {"", "Example:", "  iwae experiment table2 --out runs/table2"})
    static final class Table2Command implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The experiment's directory.")
        Path out;

        @Option(names = "--epochs", defaultValue = "3280", paramLabel = "N",
                description = "First stage: the first N epochs of the paper schedule. Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(names = "--transfer-epochs", defaultValue = "" + Grid.TRANSFER_EPOCHS, paramLabel = "N",
                description = "Second stage epochs. Default: ${DEFAULT-VALUE}.")
        int transferEpochs;

        @Option(names = "--transfer-lr", defaultValue = "" + Grid.TRANSFER_LR, paramLabel = "LR",
                description = "Second stage learning rate. Default: ${DEFAULT-VALUE}.")
        double transferLr;

        @Option(names = "--dataset", defaultValue = "mnist", description = "Dataset. Default: ${DEFAULT-VALUE}.")
        String dataset;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of both chains. Default: ${DEFAULT-VALUE}.")
        long seed;

        @CommandLine.Mixin
        GridOptions grid;

        @Override
        public Integer call() {
            return grid.run("table2", out, (threads, optimizer) -> Grid.table2(dataset, seed, epochs, transferEpochs,
                    transferLr, threads, optimizer));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Each configuration's state (done, running, failed, pending), epoch and ETA. With --html, " +
                    "also writes the experiment's page (TABLE.html with figures, TABLE-figures/*.png, reports/) from " +
                    "what is done so far, without training anything."},
            footer = {"", "Example:", "  iwae experiment status runs/table1 --html"})
    static final class StatusCommand implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "An experiment's --out directory.")
        Path out;

        @Option(names = "--html", description = "Also write the experiment's page, its figures and the missing per-configuration reports.")
        boolean html;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the datasets live (for the reports). Default: data/ beside the launcher.")
        Path dataDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(Status.table(out));
            if (html) {
                stdout.println("Written: " + ExperimentPages.write(out, SparkOptions.dataDir(dataDir),
                        spec.commandLine().getErr()::println));
            }
            stdout.flush();
            return 0;
        }
    }

    @Command(name = "eval", header = "Sharded evaluation on Spark, equal to 'iwae eval' with the same seed.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sharded evaluation on Spark: the test set is split into shards evaluated as Spark tasks and " +
                    "combined into RUN/eval-SPLIT.json with the same NLL, standard error and per-example log p(x) " +
                    "(eval-SPLIT-logpx.npy) as 'iwae eval' with the same seed; with --method ais, likewise " +
                    "eval-SPLIT-ais.json and eval-SPLIT-ais-logpx.npy, each shard a range of whole AIS passes. " +
                    "(Without --master or --shards the launcher runs the ordinary 'iwae eval'.)"},
            footer = {"", "Examples:", "  iwae eval runs/iwae-k50 --master spark://host:7077 --shards 16",
                "  iwae eval runs/iwae-k50 --method ais --ais-steps 1000 --shards 4"})
    static final class ShardedEvalCommand implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", description = "Run directory (on a file system every executor sees).")
        Path run;

        @CommandLine.Mixin
        org.iwae4j.cli.EvalOptions evaluation;

        @CommandLine.Mixin
        org.iwae4j.cli.EvalMethodOptions method;

        @Option(names = "--shards", defaultValue = "0", paramLabel = "N",
                description = "Shards; 0 = 4 per task slot. Default: ${DEFAULT-VALUE}.")
        int shards;

        @CommandLine.Mixin
        SparkOptions spark;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (shards < 0) {
                throw new UserError("--shards must be 0 (4 per task slot) or more, got " + shards);
            }
            SparkExperiment.Settings settings = spark.settings();
            EvalConfig options = evaluation.toConfig(spark.threads, ComputeDevice.CPU);
            int count = shards > 0 ? shards : 4 * settings.parallel();
            java.util.Optional<org.iwae4j.ais.AisSettings> ais = method.aisSettings(evaluation.withoutInactive());
            if (ais.isPresent()) {
                org.iwae4j.api.AisEvaluation.Result result = ShardedEvaluation.runAis(run, options, ais.get(), count,
                        spark.dataDir(), evaluation.dataPolicy(), settings,
                        spec.commandLine().getParseResult().originalArgs(), System.err);
                spec.commandLine().getOut().println(result.summary());
                return 0;
            }
            EvalResult result = ShardedEvaluation.run(run, options, count, evaluation.withoutInactive(), spark.dataDir(),
                    evaluation.dataPolicy(),
                    settings, spec.commandLine().getParseResult().originalArgs(), System.err);
            spec.commandLine().getOut().println(result.summary());
            return 0;
        }
    }
}
