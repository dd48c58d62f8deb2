package org.iwae4j.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.api.AisEvaluation;
import org.iwae4j.api.EvaluationSteps;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.UnitsResult;

/**
 * `iwae eval RUN --master ...`: the test set split into shards, each a Spark task in a child JVM,
 * combined into eval-SPLIT.json (and, with inactive units removed, eval-SPLIT-pruned.json) with
 * the same NLL, standard error and per-example log p(x) as `iwae eval` with the same seed.
 */
public final class ShardedEvaluation {
    private ShardedEvaluation() {}

    /** A part's exit: {@code error} null when it succeeded. */
    public record PartResult(int from, String error) implements java.io.Serializable {}

    /**
     * Runs the steps of {@link EvaluationSteps}: the plan (with the data check) here, the active
     * units and the shards' log p(x) as Spark tasks, the combination here.
     *
     * @param runDir the run, on a file system every executor sees
     * @param options k, split, limit, seed, threads, checkpoint
     * @param shards how many shards the set is split into (fewer when there are fewer passes)
     * @param withoutInactive also evaluate with the inactive units removed
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     * @param settings where and how Spark runs
     * @param command the command line, recorded as provenance
     * @param log hears of the parts
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, int shards, boolean withoutInactive,
            Path dataDir, DataCheck.Policy dataPolicy, SparkExperiment.Settings settings, List<String> command,
            PrintStream log) {
        checkShards(shards);
        long start = System.nanoTime();
        Path run = runDir.toAbsolutePath();
        EvaluationSteps.Plan plan = EvaluationSteps.plan(run, options.validate(), dataDir.toAbsolutePath(), dataPolicy,
                log::println);
        EvalConfig fixed = plan.options();
        List<int[]> ranges = EvaluationSteps.shards(plan.n(), fixed, shards);
        log.println(String.format(Locale.ROOT, "eval: %d examples in %d shards, k=%d, %s", plan.n(), ranges.size(),
                options.k(), where(settings)));
        List<EvalPart> first = new ArrayList<>();
        first.add(EvalPart.of(plan, dataDir, -1, -1, false));
        for (int[] r : ranges) {
            first.add(EvalPart.of(plan, dataDir, r[0], r[1], false));
        }
        EvalResult result;
        try (JavaSparkContext sc = new JavaSparkContext(SparkExperiment.conf(settings, "iwae4j eval", Math.max(1, options.threads())))) {
            sc.setLogLevel("WARN");
            runParts(sc, first, settings, log);
            UnitsResult units = EvalFiles.readUnits(EvalFiles.units(run, fixed.split()));
            result = EvaluationSteps.combine(plan, units, false, gather(ranges, r -> EvalFiles.shard(run, false, r[0], r[1])),
                    (System.nanoTime() - start) / 1e9, command);
            if (withoutInactive) {
                long prunedStart = System.nanoTime();
                List<EvalPart> second = new ArrayList<>();
                for (int[] r : ranges) {
                    second.add(EvalPart.of(plan, dataDir, r[0], r[1], true));
                }
                runParts(sc, second, settings, log);
                EvaluationSteps.combine(plan, units, true, gather(ranges, r -> EvalFiles.shard(run, true, r[0], r[1])),
                        (System.nanoTime() - prunedStart) / 1e9, command);
            }
        }
        return result;
    }

    /**
     * {@code iwae eval RUN --method ais --shards N}: the steps of {@link AisEvaluation} (the plan with
     * the data check here, each range's AIS estimates as a Spark task, the combination here), so
     * eval-SPLIT-ais.json and its per-example values equal a local AIS run with the same seed.
     *
     * @param runDir the run, on a file system every executor sees
     * @param options split, limit, seed, threads, checkpoint
     * @param ais the AIS settings
     * @param shards how many shards the set is split into (fewer when there are fewer AIS passes)
     * @param dataDir where the named datasets live
     * @param dataPolicy whether data files that differ from the run's record are refused or used
     * @param settings where and how Spark runs
     * @param command the command line, recorded as provenance
     * @param log hears of the parts
     * @return what eval-SPLIT-ais.json now holds
     */
    public static AisEvaluation.Result runAis(Path runDir, EvalConfig options, AisSettings ais, int shards,
            Path dataDir, DataCheck.Policy dataPolicy, SparkExperiment.Settings settings, List<String> command,
            PrintStream log) {
        checkShards(shards);
        long start = System.nanoTime();
        Path run = runDir.toAbsolutePath();
        EvaluationSteps.Plan plan = AisEvaluation.plan(run, options.validate(), ais, dataDir.toAbsolutePath(),
                dataPolicy, log::println);
        List<int[]> ranges = AisEvaluation.shards(plan, ais, shards);
        log.println(String.format(Locale.ROOT, "eval: %d examples in %d shards, %s, %s", plan.n(), ranges.size(), ais,
                where(settings)));
        List<EvalPart> parts = new ArrayList<>();
        for (int[] r : ranges) {
            parts.add(EvalPart.ofAis(plan, dataDir, r[0], r[1], ais));
        }
        try (JavaSparkContext sc = new JavaSparkContext(SparkExperiment.conf(settings, "iwae4j eval ais",
                Math.max(1, options.threads())))) {
            sc.setLogLevel("WARN");
            runParts(sc, parts, settings, log);
        }
        return AisEvaluation.combine(plan, ais, gather(ranges, r -> EvalFiles.aisShard(run, "logpx", r[0], r[1])),
                gather(ranges, r -> EvalFiles.aisShard(run, "acceptance", r[0], r[1])),
                (System.nanoTime() - start) / 1e9, command);
    }

    private static void checkShards(int shards) {
        if (shards < 1) {
            throw new UserError("--shards must be at least 1, got " + shards);
        }
    }

    private static String where(SparkExperiment.Settings settings) {
        return settings.master() == null ? "Spark local mode, " + settings.parallel() + " at a time" : settings.master();
    }

    private static void runParts(JavaSparkContext sc, List<EvalPart> parts, SparkExperiment.Settings settings,
            PrintStream log) {
        String classpath = settings.childClasspath();
        String mklFix = settings.mklFix();
        int attempts = Math.max(1, settings.attempts());
        List<PartResult> results = sc.parallelize(parts, parts.size()).map(p -> {
            Path logFile = p.log();
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

    /** The shards' values concatenated in order; {@code file} names a range's shard file. */
    private static double[] gather(List<int[]> ranges, java.util.function.Function<int[], Path> shardFile) {
        int n = ranges.get(ranges.size() - 1)[1];
        double[] all = new double[n];
        for (int[] r : ranges) {
            Path file = shardFile.apply(r);
            if (!Files.exists(file)) {
                throw new UserError(file + ": a shard's result is missing");
            }
            double[] part = EvalFiles.readNpy(file);
            if (part.length != r[1] - r[0]) {
                throw new UserError(file + ": " + part.length + " values for " + (r[1] - r[0]) + " examples");
            }
            System.arraycopy(part, 0, all, r[0], part.length);
        }
        return all;
    }
}
