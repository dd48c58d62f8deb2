package org.iwae4j.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.api.EvaluationSteps;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.RunDirectory;

/**
 * `iwae eval RUN --master ...`: the test set split into shards, each a Spark task in a child JVM,
 * combined into eval-SPLIT.json (and, with inactive units removed, eval-SPLIT-pruned.json) with
 * the same NLL, standard error and per-example log p(x) as `iwae eval` with the same seed.
 */
public final class ShardedEvaluation {
    private ShardedEvaluation() {}

    /** A part's exit: {@code error} null when it succeeded. */
    public record PartResult(int from, String error) implements java.io.Serializable {}

    public static EvalResult run(Path runDir, EvalConfig options, int shards, boolean withoutInactive,
            Path dataDir, SparkExperiment.Settings settings, List<String> command, PrintStream log) {
        options.validate();
        if (shards < 1) {
            throw new UserError("--shards must be at least 1, got " + shards);
        }
        long start = System.nanoTime();
        Path run = runDir.toAbsolutePath();
        RunDirectory.open(run);
        Path checkpoint = EvaluationSteps.checkpoint(run, options, log::println).toAbsolutePath();
        EvalConfig fixed = options.checkpoint(checkpoint);
        int n = EvaluationSteps.set(RunDirectory.open(run).readRecord().config(), fixed, dataDir).count();
        List<int[]> ranges = EvaluationSteps.shards(n, fixed, shards);
        Path shardDir = run.resolve("shards");
        log.println(String.format(Locale.ROOT, "eval: %d examples in %d shards, k=%d, %s", n, ranges.size(), options.k(),
                settings.master() == null ? "Spark local mode, " + settings.parallel() + " at a time" : settings.master()));
        List<EvalPart> first = new ArrayList<>();
        first.add(part(run, fixed, checkpoint, -1, -1, false, dataDir, EvaluationSteps.unitsFile(run, options.split())));
        for (int[] r : ranges) {
            first.add(part(run, fixed, checkpoint, r[0], r[1], false, dataDir, shardFile(shardDir, false, r)));
        }
        EvalResult result;
        try (JavaSparkContext sc = new JavaSparkContext(SparkExperiment.conf(settings, "iwae4j eval", Math.max(1, options.threads())))) {
            sc.setLogLevel("WARN");
            runParts(sc, first, settings, log);
            EvaluationSteps.Units units = Json.read(EvaluationSteps.unitsFile(run, options.split()), EvaluationSteps.Units.class);
            result = EvaluationSteps.combine(run, fixed, units, false, gather(shardDir, false, ranges),
                    (System.nanoTime() - start) / 1e9, command);
            if (withoutInactive) {
                long prunedStart = System.nanoTime();
                List<EvalPart> second = new ArrayList<>();
                for (int[] r : ranges) {
                    second.add(part(run, fixed, checkpoint, r[0], r[1], true, dataDir, shardFile(shardDir, true, r)));
                }
                runParts(sc, second, settings, log);
                EvaluationSteps.combine(run, fixed, units, true, gather(shardDir, true, ranges),
                        (System.nanoTime() - prunedStart) / 1e9, command);
            }
        }
        return result;
    }

    private static EvalPart part(Path run, EvalConfig o, Path checkpoint, int from, int to, boolean pruned,
            Path dataDir, Path output) {
        return new EvalPart(run.toString(), o.k(), o.split(), o.limit(), o.rowsPerPass(), o.seed(), o.effectiveThreads(),
                checkpoint.toString(), from, to, pruned, dataDir.toAbsolutePath().toString(), output.toString());
    }

    private static Path shardFile(Path dir, boolean pruned, int[] range) {
        return dir.resolve(String.format(Locale.ROOT, "%slogpx-%07d-%07d.npy", pruned ? "pruned-" : "", range[0], range[1]));
    }

    private static void runParts(JavaSparkContext sc, List<EvalPart> parts, SparkExperiment.Settings settings,
            PrintStream log) {
        String classpath = settings.childClasspath();
        String mklFix = settings.mklFix();
        int attempts = Math.max(1, settings.attempts());
        List<PartResult> results = sc.parallelize(parts, parts.size()).map(p -> {
            Path logFile = Path.of(p.runDir(), "shards", "logs", (p.from() < 0 ? "units" : (p.pruned() ? "pruned-" : "") + p.from()) + ".log");
            int code = -1;
            for (int a = 1; a <= attempts && code != 0 && code != 2; a++) {
                code = TaskRunner.launch(EvalPart.class.getName(), Json.line(p), classpath, mklFix, p.dataDir(), logFile,
                        "eval part, attempt " + a);
            }
            return new PartResult(p.from(), code == 0 ? null : TaskRunner.lastError(logFile, code));
        }).collect();
        for (PartResult r : results) {
            if (r.error() != null) {
                throw new UserError("evaluation part " + (r.from() < 0 ? "(active units)" : "from example " + r.from())
                        + " failed: " + r.error());
            }
        }
        log.println("eval: " + parts.size() + " parts done");
    }

    private static double[] gather(Path dir, boolean pruned, List<int[]> ranges) {
        int n = ranges.get(ranges.size() - 1)[1];
        double[] all = new double[n];
        for (int[] r : ranges) {
            Path file = shardFile(dir, pruned, r);
            if (!Files.exists(file)) {
                throw new UserError(file + ": a shard's result is missing");
            }
            double[] part = EvaluationSteps.readNpy(file);
            if (part.length != r[1] - r[0]) {
                throw new UserError(file + ": " + part.length + " values for " + (r[1] - r[0]) + " examples");
            }
            System.arraycopy(part, 0, all, r[0], part.length);
        }
        return all;
    }
}
