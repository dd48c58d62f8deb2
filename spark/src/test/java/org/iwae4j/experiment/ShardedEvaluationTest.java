package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.api.Evaluation;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.api.EvaluationSteps;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.Json;
import org.iwae4j.run.EvalResult;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards evaluated as Spark tasks in child JVMs combine into exactly the local evaluation. */
class ShardedEvaluationTest {
    @TempDir
    Path tmp;

    @Test
    void shardedEvaluationEqualsTheLocalOneExampleByExample() throws Exception {
        String data = TinyExperiments.dataset(tmp, 100);
        Path run = tmp.resolve("run");
        TrainingRun.start(run, TinyExperiments.config(data, "iwae", 5, 2).config(), tmp, ProgressListener.SILENT,
                List.of("test"));
        // 4 examples per pass: 40 test images in 10 passes, split into 3 shards of 3-4 passes
        EvalConfig options = EvalConfig.defaults().k(50).rowsPerPass(200).seed(3).threads(1).device(ComputeDevice.CPU);
        EvalResult local = Evaluation.run(run, options, true, tmp, ProgressListener.SILENT, List.of("test"));
        double[] localLogPx = EvaluationSteps.readNpy(run.resolve("eval-test-logpx.npy"));
        EvalResult localPruned = Json.read(run.resolve("eval-test-pruned.json"), EvalResult.class);
        double[] localPrunedLogPx = EvaluationSteps.readNpy(run.resolve("eval-test-pruned-logpx.npy"));
        assertEquals(40, localLogPx.length);
        assertEquals(3, EvaluationSteps.shards(40, options, 3).size());
        assertTrue(EvaluationSteps.shards(40, options, 3).stream().allMatch(r -> r[0] % 4 == 0));

        Files.delete(run.resolve("eval-test.json"));
        Files.delete(run.resolve("eval-test-logpx.npy"));
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EvalResult sharded = ShardedEvaluation.run(run, options, 3, true, tmp, TinyExperiments.local(2), List.of("test"),
                log);
        assertEquals(local.nll(), sharded.nll(), 0.0);
        assertEquals(local.stderr(), sharded.stderr(), 0.0);
        assertEquals(local.activeUnits(), sharded.activeUnits());
        assertArrayEquals(localLogPx, EvaluationSteps.readNpy(run.resolve("eval-test-logpx.npy")));
        EvalResult shardedPruned = Json.read(run.resolve("eval-test-pruned.json"), EvalResult.class);
        assertEquals(localPruned.nll(), shardedPruned.nll(), 0.0);
        assertArrayEquals(localPrunedLogPx, EvaluationSteps.readNpy(run.resolve("eval-test-pruned-logpx.npy")));
    }
}
