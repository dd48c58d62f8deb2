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
            List<List<TaskRunner.Result>> collected = Master.await(sc,
                    sc.parallelize(todo, todo.size()).map(TaskRunner::run).collectAsync(), settings.master());
            collected.forEach(results::addAll);
        } catch (UserError e) {
            throw e;
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

    /**
     * Records the experiment's definition; a second run of the same table must ask for the same one.
     * The first table of a directory is in experiment.json, another table's in
     * experiment-TABLE.json: Table 2 given Table 1's --out reuses the runs they share, so the shared
     * configurations and the evaluation settings must agree.
     */
    public static void recordDefinition(Path out, Definition definition) {
        Path first = out.resolve("experiment.json");
        if (!Files.exists(first)) {
            Json.write(first, definition);
            return;
        }
        boolean recorded = false;
        List<Definition> others = new ArrayList<>();
        for (Path file : definitionFiles(out)) {
            Definition saved = Definition.read(file);
            if (!saved.table().equals(definition.table())) {
                others.add(saved);
            } else if (!saved.withoutThreads().equals(definition.withoutThreads())) {
                throw new UserError(out + " holds another experiment (" + saved.describe() + "); this one is "
                        + definition.describe() + ": choose another --out");
            } else {
                recorded = true;
            }
        }
        for (Definition other : others) {
            String clash = definition.clashWith(other);
            if (clash != null) {
                throw new UserError(out + " holds " + other.describe() + ", whose runs this " + definition.table()
                        + " would reuse, but " + clash + ": give the same --epochs, --optimizer and --eval-* options,"
                        + " or choose another --out");
            }
        }
        if (!recorded) {
            Json.write(out.resolve("experiment-" + definition.table() + ".json"), definition);
        }
    }

    /** The definition files of a directory: experiment.json, then another table's experiment-TABLE.json. */
    static List<Path> definitionFiles(Path out) {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("experiment.json", "experiment-table1.json", "experiment-table2.json")) {
            if (Files.exists(out.resolve(name))) {
                files.add(out.resolve(name));
            }
        }
        return files;
    }

    /** What experiment.json holds: the table, its configurations and the evaluation settings. */
    public record Definition(String table, List<List<Configuration>> chains, int evalK, int evalLimit, long evalSeed) {
        /** Threads change the speed, not the numbers: a run may resume with others. */
        Definition withoutThreads() {
            return new Definition(table, chains.stream().map(chain -> chain.stream()
                    .map(c -> c.threads(0))
                    .toList()).toList(), evalK, evalLimit, evalSeed);
        }

        /**
         * experiment.json, checked field by field: a valid JSON document with a field missing or
         * meaningless ({@code {}}) is refused in one line naming the file and the field.
         */
        static Definition read(Path file) {
            Definition d = Json.read(file, Definition.class);
            String problem = d.problem();
            if (problem != null) {
                throw new UserError(file + ": not a valid experiment record (" + problem + "); restore it, or delete it"
                        + " and run the experiment's command again (finished configurations are kept)");
            }
            return d;
        }

        private String problem() {
            if (table == null) {
                return "field table is missing";
            }
            if (!List.of("table1", "table2").contains(table)) {
                return "field table is '" + table + "', expected table1 or table2";
            }
            if (chains == null || chains.isEmpty()) {
                return "field chains is missing or empty";
            }
            if (evalK < 1) {
                return "field eval_k must be at least 1, got " + evalK;
            }
            if (evalLimit < 0) {
                return "field eval_limit must be 0 or more, got " + evalLimit;
            }
            for (int i = 0; i < chains.size(); i++) {
                List<Configuration> chain = chains.get(i);
                if (chain == null || chain.isEmpty()) {
                    return "chains[" + i + "] is missing or empty";
                }
                for (int j = 0; j < chain.size(); j++) {
                    String where = "chains[" + i + "][" + j + "]";
                    Configuration c = chain.get(j);
                    if (c == null) {
                        return where + " is null";
                    }
                    if (c.id() == null || c.id().isBlank()) {
                        return where + ": field id is missing";
                    }
                    if (c.config() == null || c.config().dataset() == null || c.config().dataset().isBlank()) {
                        return where + ": field config (with its dataset) is missing";
                    }
                    try {
                        c.config().validate();
                    } catch (UserError | IllegalArgumentException e) {
                        return where + ": " + e.getMessage();
                    }
                }
            }
            return null;
        }

        /** Why this definition cannot share a directory with {@code other}, or null when it can. */
        String clashWith(Definition other) {
            java.util.Map<String, Configuration> theirs = new java.util.HashMap<>();
            other.withoutThreads().chains().forEach(chain -> chain.forEach(c -> theirs.put(c.id(), c)));
            for (List<Configuration> chain : withoutThreads().chains()) {
                for (Configuration c : chain) {
                    Configuration t = theirs.get(c.id());
                    if (t == null) {
                        continue;
                    }
                    if (!t.equals(c)) {
                        return c.id() + " differs (" + t.config().epochs() + " epochs, optimizer "
                                + t.config().optimizer().id() + " there; " + c.config().epochs() + " epochs, optimizer "
                                + c.config().optimizer().id() + " here)";
                    }
                    if (evalK != other.evalK || evalLimit != other.evalLimit || evalSeed != other.evalSeed) {
                        return String.format(Locale.ROOT, "its evaluation differs (k=%d, limit %d, seed %d there; k=%d,"
                                + " limit %d, seed %d here)", other.evalK, other.evalLimit, other.evalSeed, evalK,
                                evalLimit, evalSeed);
                    }
                }
            }
            return null;
        }

        String describe() {
            int epochs = chains.isEmpty() ? 0 : chains.get(0).get(0).config().epochs();
            return String.format(Locale.ROOT, "%s, %d configurations, %d epochs, eval k=%d%s", table,
                    chains.stream().mapToInt(List::size).sum(), epochs, evalK,
                    evalLimit > 0 ? " on " + evalLimit + " images" : "");
        }
    }
}
