package org.iwae4j.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.Datasets;
import org.iwae4j.plot.ExperimentPage;

/** What the launcher tells the Spark commands (system properties), and the experiment commands' common body. */
final class Launch {
    private Launch() {}

    /** The child JVMs' classpath: the iwae4j library without Spark (set by the launcher), else this JVM's. */
    static String childClasspath() {
        return System.getProperty("iwae.child.classpath", System.getProperty("java.class.path"));
    }

    /** The launcher's AMD MKL preload library, if it built one. */
    static String mklFix() {
        String fix = System.getProperty("iwae.mkl.fix", "");
        return fix.isEmpty() ? null : fix;
    }

    /** Jars with iwae4j's classes for a cluster's executors (spark.jars). */
    static String sparkJars() {
        return System.getProperty("iwae.spark.jars", "");
    }

    static int progressSeconds() {
        return Integer.getInteger("iwae.progress.seconds", 30);
    }

    static int experiment(String table, List<List<Configuration>> chains, Path out, ExperimentMain.EvalOptions eval,
            SparkExperiment.Settings settings, Path dataDir, int threads) {
        checkData(chains, dataDir);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError(out + ": cannot create the experiment directory (" + e.getMessage() + ")");
        }
        SparkExperiment.recordDefinition(out, new SparkExperiment.Definition(table, chains, eval.evalK, eval.evalLimit,
                eval.evalSeed));
        // Jackson's readers for the files the tables read, built before Spark starts: once, after a
        // 29-minute job, reading outcome.json failed with "Failed to access RecordComponents" and
        // worked on the next try (cause not found); cached readers do no reflection later.
        Json.MAPPER.readerFor(ConfigurationTask.Outcome.class);
        Json.MAPPER.readerFor(TaskRunner.Failure.class);
        List<TaskSpec> specs = SparkExperiment.specs(chains, out, dataDir, eval.evalK, eval.evalLimit, eval.evalSeed,
                threads, settings);
        SparkExperiment.run(specs, settings, out, System.err);
        Tables.Table t = "table1".equals(table) ? Tables.table1(out, chains, eval.evalK, eval.evalLimit)
                : Tables.table2(out, chains, eval.evalK, eval.evalLimit);
        Tables.write(out, table, t);
        ExperimentPages.write(out, table, t, chains, dataDir, System.err::println);
        System.out.print(Tables.markdown(t));
        System.out.println("\nWritten: " + out.resolve(table + ".md") + " (.csv, .json, .html with figures, "
                + table + "-figures/, " + ExperimentPage.REPORTS + "/)");
        List<Status.Entry> failed = Status.all(out, chains.stream().flatMap(List::stream).toList()).stream()
                .filter(e -> "failed".equals(e.state())).toList();
        if (!failed.isEmpty()) {
            for (Status.Entry e : failed) {
                System.err.println("experiment: " + e.id() + " failed: " + e.error());
            }
            System.err.println("iwae: error: " + failed.size() + " of " + t.rows().size()
                    + " configurations failed (the others are done); run the command again to retry them");
            return 1;
        }
        return 0;
    }

    /**
     * Every dataset of the experiment present, verified and readable, before any task starts: a
     * missing or damaged dataset is one cause, named once, not one failure per configuration.
     */
    static void checkData(List<List<Configuration>> chains, Path dataDir) {
        List<String> problems = new ArrayList<>();
        for (String name : chains.stream().flatMap(List::stream).map(c -> c.config().dataset()).distinct().toList()) {
            Dataset dataset = Datasets.byName(name);
            if (Datasets.names().contains(name) && !dataset.isPresent(dataDir)) {
                problems.add("dataset " + name + " is not in " + dataset.directory(dataDir) + " (fetch it with './iwae fetch "
                        + name + "', or leave it out of --datasets)");
                continue;
            }
            try {
                dataset.load(dataDir);
            } catch (UserError e) {
                problems.add("dataset " + name + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UserError(String.join("; ", problems) + "; nothing was run");
        }
    }
}
