package org.iwae4j.experiment;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
import org.iwae4j.api.AisEvaluation;
import org.iwae4j.api.EvaluationSteps;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.UnitsResult;
import org.iwae4j.train.ProgressListener;

/**
 * One part of a sharded evaluation, run in a child JVM: the active units ({@code from} = -1,
 * written to units-SPLIT.json) or the per-example log p(x) of examples {@code from..to} (with the
 * inactive units removed when {@code pruned}; by AIS with those settings when {@code ais} is given,
 * with the acceptance rates beside), written to its shard file. The AIS settings travel as their
 * JSON ({@link AisSettings} is a plain record, not {@link Serializable}). The part plans the
 * evaluation as the driver did ({@link EvaluationSteps#planPart}, with the same data policy), so its
 * data is checked too. Exit status as {@link ConfigurationTask}.
 */
public record EvalPart(String runDir, int k, String split, int limit, int rowsPerPass, long seed, int threads,
        String checkpoint, int from, int to, boolean pruned, String dataDir, DataCheck.Policy dataPolicy,
        String ais) implements Serializable {

    /** The part of {@code plan} for examples {@code from..to}, or the active units when {@code from} is -1. */
    static EvalPart of(EvaluationSteps.Plan plan, Path dataDir, int from, int to, boolean pruned) {
        return of(plan, dataDir, from, to, pruned, null);
    }

    /** The AIS part of {@code plan} for examples {@code from..to}. */
    static EvalPart ofAis(EvaluationSteps.Plan plan, Path dataDir, int from, int to, AisSettings ais) {
        return of(plan, dataDir, from, to, false, ais);
    }

    private static EvalPart of(EvaluationSteps.Plan plan, Path dataDir, int from, int to, boolean pruned,
            AisSettings ais) {
        EvalConfig o = plan.options();
        return new EvalPart(plan.runDir().toAbsolutePath().toString(), o.k(), o.split(), o.limit(), o.rowsPerPass(),
                o.seed(), o.effectiveThreads(), o.checkpoint().orElseThrow().toAbsolutePath().toString(), from, to,
                pruned, dataDir.toAbsolutePath().toString(), plan.dataPolicy(), ais == null ? null : Json.line(ais));
    }

    EvalConfig options() {
        return new EvalConfig(k, split, limit, rowsPerPass, seed, threads, ComputeDevice.CPU, Optional.of(Path.of(checkpoint)));
    }

    /** @return the part's log file */
    Path log() {
        return EvalFiles.partLog(Path.of(runDir), from < 0 ? "units" : (ais != null ? "ais-" : pruned ? "pruned-" : "") + from);
    }

    public static void main(String[] args) {
        ConfigurationTask.watchParent(System.in);
        try {
            EvalPart part = Json.MAPPER.readValue(args[0], EvalPart.class);
            part.run();
            System.exit(0);
        } catch (UserError | InvalidParameterException e) {
            System.err.println("iwae: error: " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            System.err.println("iwae: internal error: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    void run() throws java.io.IOException {
        Path run = Path.of(runDir);
        ProgressListener log = new ProgressListener() {
            @Override
            public void message(String text) {
                System.err.println(text);
            }
        };
        EvaluationSteps.Plan plan = EvaluationSteps.planPart(run, options(), Path.of(dataDir),
                dataPolicy == null ? DataCheck.Policy.VERIFY : dataPolicy, log::message);
        if (ais != null) {
            AisSettings settings = Json.MAPPER.readValue(ais, AisSettings.class);
            AnnealedImportanceSampling.Result result = AisEvaluation.logPx(plan, settings, from, to, log);
            EvalFiles.writeNpy(EvalFiles.aisShard(run, "acceptance", from, to), result.acceptance());
            EvalFiles.writeNpy(EvalFiles.aisShard(run, "logpx", from, to), result.logPx());
            System.err.println(runDir + ": examples " + from + ".." + to + " evaluated by AIS");
            return;
        }
        if (from < 0) {
            EvalFiles.writeUnits(EvalFiles.units(run, split), EvaluationSteps.units(plan, log::message));
            return;
        }
        Optional<UnitsResult> units = pruned ? Optional.of(EvalFiles.readUnits(EvalFiles.units(run, split)))
                : Optional.empty();
        double[] logPx = EvaluationSteps.logPx(plan, units, from, to, log);
        EvalFiles.writeNpy(EvalFiles.shard(run, pruned, from, to), logPx);
        System.err.println(runDir + ": examples " + from + ".." + to + " evaluated");
    }
}
