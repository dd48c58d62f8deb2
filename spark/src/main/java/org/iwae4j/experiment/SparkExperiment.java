package org.iwae4j.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;

/**
 * Runs an experiment's tasks on Spark: one task per chain of configurations, each in a child JVM
 * ({@link TaskRunner}). Without a master, Spark runs embedded in local mode with {@code parallel}
 * task slots; with one, on that cluster (the output directory must then be on a file system every
 * executor sees, and the iwae4j build at the same path on every machine).
 */
public final class SparkExperiment {
    private SparkExperiment() {}

    /**
     * How to run: {@code master} null for local mode; {@code attempts} per task (crashes and lost
     * executors); {@code sparkJars} the jar(s) with this module's classes, for a cluster.
     */
    public record Settings(String master, int parallel, int attempts, String childClasspath, String mklFix,
            String sparkJars, int progressSeconds) {}

    /** Spark's configuration for these settings: loopback-only in local mode, no UI. */
    static SparkConf conf(Settings settings, String name, int taskCpus) {
        SparkConf conf = new SparkConf().setAppName(name);
        if (settings.master() == null) {
            conf.setMaster("local[" + settings.parallel() + "," + Math.max(1, settings.attempts()) + "]");
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            conf.setMaster(settings.master());
            conf.set("spark.task.cpus", String.valueOf(Math.max(1, taskCpus)));
            conf.set("spark.task.maxFailures", String.valueOf(Math.max(1, settings.attempts())));
            if (settings.master().contains("127.0.0.1") || settings.master().contains("localhost")) {
                conf.set("spark.driver.host", "127.0.0.1");
                conf.set("spark.driver.bindAddress", "127.0.0.1");
            }
            if (settings.sparkJars() != null && !settings.sparkJars().isEmpty()) {
                conf.set("spark.jars", settings.sparkJars());
            }
        }
        conf.set("spark.ui.enabled", "false");
        conf.set("spark.ui.showConsoleProgress", "false");
        // The work happens in child processes: executors need little heap.
        conf.set("spark.executor.memory", "1g");
        return conf;
    }

    /** Runs every chain that is not done; prints progress; returns the per-configuration results. */
    public static List<TaskRunner.Result> run(List<TaskSpec> specs, Settings settings, Path out, PrintStream log) {
        List<TaskSpec> todo = new ArrayList<>();
        for (TaskSpec spec : specs) {
            if (!spec.chain().stream().allMatch(c -> Files.exists(out.resolve(c.id()).resolve(ConfigurationTask.OUTCOME)))) {
                todo.add(spec);
            }
        }
        List<TaskRunner.Result> results = new ArrayList<>();
        if (todo.isEmpty()) {
            log.println("experiment: every configuration is done already");
            return results;
        }
        int threads = Math.max(1, todo.get(0).threads());
        log.println(String.format(Locale.ROOT, "experiment: %d of %d tasks to run on %s", todo.size(), specs.size(),
                settings.master() == null ? "Spark local mode, " + settings.parallel() + " at a time" : settings.master()));
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "experiment-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        List<Configuration> all = specs.stream().flatMap(s -> s.chain().stream()).toList();
        progress.scheduleAtFixedRate(() -> log.println(Status.progressLine(out, all, (System.nanoTime() - start) / 1e9)),
                settings.progressSeconds(), settings.progressSeconds(), TimeUnit.SECONDS);
        try (JavaSparkContext sc = new JavaSparkContext(conf(settings, "iwae4j experiment", threads))) {
            sc.setLogLevel("WARN");
            List<List<TaskRunner.Result>> collected = sc.parallelize(todo, todo.size()).map(TaskRunner::run).collect();
            collected.forEach(results::addAll);
        } catch (RuntimeException e) {
            throw new UserError("the Spark job failed: " + firstLine(e.getMessage()), e);
        } finally {
            progress.shutdownNow();
        }
        log.println(Status.progressLine(out, all, (System.nanoTime() - start) / 1e9));
        return results;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The specs of the chains, with the run settings every task needs. */
    public static List<TaskSpec> specs(List<List<Configuration>> chains, Path out, Path dataDir, int evalK,
            int evalLimit, long evalSeed, int threads, Settings settings) {
        List<TaskSpec> specs = new ArrayList<>();
        for (List<Configuration> chain : chains) {
            specs.add(new TaskSpec(chain, out.toAbsolutePath().toString(), dataDir.toAbsolutePath().toString(), evalK,
                    evalLimit, evalSeed, threads, settings.childClasspath(), settings.mklFix(), settings.attempts()));
        }
        return specs;
    }

    /** Records the experiment's definition; a second run must ask for the same one. */
    public static void recordDefinition(Path out, Definition definition) {
        Path file = out.resolve("experiment.json");
        if (Files.exists(file)) {
            Definition saved = Json.read(file, Definition.class);
            if (!saved.withoutThreads().equals(definition.withoutThreads())) {
                throw new UserError(out + " holds another experiment (" + saved.describe() + "); this one is "
                        + definition.describe() + ": choose another --out");
            }
            return;
        }
        Json.write(file, definition);
    }

    /** What experiment.json holds: the table, its configurations and the evaluation settings. */
    public record Definition(String table, List<List<Configuration>> chains, int evalK, int evalLimit, long evalSeed) {
        /** Threads change the speed, not the numbers: a run may resume with others. */
        Definition withoutThreads() {
            return new Definition(table, chains.stream().map(chain -> chain.stream()
                    .map(c -> c.threads(0))
                    .toList()).toList(), evalK, evalLimit, evalSeed);
        }

        String describe() {
            int epochs = chains.isEmpty() ? 0 : chains.get(0).get(0).config().epochs();
            return String.format(Locale.ROOT, "%s, %d configurations, %d epochs, eval k=%d%s", table,
                    chains.stream().mapToInt(List::size).sum(), epochs, evalK,
                    evalLimit > 0 ? " on " + evalLimit + " images" : "");
        }
    }
}
