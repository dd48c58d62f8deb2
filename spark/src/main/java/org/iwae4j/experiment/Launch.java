package org.iwae4j.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        chains.stream().map(chain -> chain.get(0).config().dataset()).distinct().forEach(d -> missingData(d, dataDir));
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
        List<List<Configuration>> runnable = new ArrayList<>();
        for (List<Configuration> chain : chains) {
            String missing = missingData(chain.get(0).config().dataset(), dataDir);
            if (missing == null) {
                runnable.add(chain);
                continue;
            }
            for (Configuration c : chain) {
                Path dir = out.resolve(c.id());
                if (!Files.exists(dir.resolve(ConfigurationTask.OUTCOME))) {
                    Json.write(dir.resolve(ConfigurationTask.FAILURE), new TaskRunner.Failure(c.id(), missing, 2, 0,
                            TaskRunner.host(), Instant.now().toString()));
                }
            }
        }
        chains.stream().map(chain -> chain.get(0).config().dataset()).distinct()
                .map(d -> missingData(d, dataDir)).filter(m -> m != null)
                .forEach(m -> System.err.println("experiment: skipped: " + m));
        List<TaskSpec> specs = SparkExperiment.specs(runnable, out, dataDir, eval.evalK, eval.evalLimit, eval.evalSeed,
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

    /** Why a named dataset cannot be used here, or null when it can (user data is checked by its task). */
    static String missingData(String name, Path dataDir) {
        if (!Datasets.names().contains(name)) {
            Datasets.byName(name); // an unknown name is a UserError now; user data is checked by the task
            return null;
        }
        Dataset dataset = Datasets.byName(name);
        if (dataset.isPresent(dataDir)) {
            return null;
        }
        return "dataset " + name + " is not in " + dataDir.resolve(name)
                + " (fetch it with './iwae fetch " + name + "'); its configurations are not run";
    }

}
