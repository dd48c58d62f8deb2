package org.iwae4j.experiment;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.api.EvaluationSteps;
import org.iwae4j.common.Json;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.UserError;

/**
 * One part of a sharded evaluation, run in a child JVM: the active units ({@code from} = -1) or the
 * per-example log p(x) of examples {@code from..to} (with the inactive units removed when
 * {@code pruned}), written to {@code output}. Exit status as {@link ConfigurationTask}.
 */
public record EvalPart(String runDir, int k, String split, int limit, int rowsPerPass, long seed, int threads,
        String checkpoint, int from, int to, boolean pruned, String dataDir, String output) implements Serializable {

    EvalConfig options() {
        return new EvalConfig(k, split, limit, rowsPerPass, seed, threads, ComputeDevice.CPU, Optional.of(Path.of(checkpoint)));
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

    void run() throws IOException {
        Path run = Path.of(runDir);
        Path data = Path.of(dataDir);
        if (from < 0) {
            EvaluationSteps.Units units = EvaluationSteps.units(run, options(), data, System.err::println);
            Json.write(Path.of(output), units);
            return;
        }
        Optional<EvaluationSteps.Units> units = pruned
                ? Optional.of(Json.read(EvaluationSteps.unitsFile(run, split), EvaluationSteps.Units.class))
                : Optional.empty();
        ProgressListener log = new ProgressListener() {
            @Override
            public void message(String text) {
                System.err.println(text);
            }
        };
        double[] logPx = EvaluationSteps.logPx(run, options(), units, from, to, data, log);
        Files.createDirectories(Path.of(output).getParent());
        EvaluationSteps.writeNpy(Path.of(output), logPx);
        System.err.println(runDir + ": examples " + from + ".." + to + " evaluated");
    }
}
