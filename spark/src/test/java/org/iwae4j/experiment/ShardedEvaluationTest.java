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
import org.iwae4j.run.DataCheck;
import org.iwae4j.run.EvalFiles;
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
        double[] localLogPx = EvalFiles.readNpy(EvalFiles.logPx(run, "test", false));
        EvalResult localPruned = Json.read(run.resolve("eval-test-pruned.json"), EvalResult.class);
        double[] localPrunedLogPx = EvalFiles.readNpy(EvalFiles.logPx(run, "test", true));
        assertEquals(40, localLogPx.length);
        assertEquals(3, EvaluationSteps.shards(40, options, 3).size());
        assertTrue(EvaluationSteps.shards(40, options, 3).stream().allMatch(r -> r[0] % 4 == 0));

        Files.delete(run.resolve("eval-test.json"));
        Files.delete(run.resolve("eval-test-logpx.npy"));
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EvalResult sharded = ShardedEvaluation.run(run, options, 3, true, tmp, DataCheck.Policy.VERIFY, TinyExperiments.local(2), List.of("test"),
                log);
        assertEquals(local.nll(), sharded.nll(), 0.0);
        assertEquals(local.stderr(), sharded.stderr(), 0.0);
        assertEquals(local.activeUnits(), sharded.activeUnits());
        assertArrayEquals(localLogPx, EvalFiles.readNpy(EvalFiles.logPx(run, "test", false)));
        EvalResult shardedPruned = Json.read(run.resolve("eval-test-pruned.json"), EvalResult.class);
        assertEquals(localPruned.nll(), shardedPruned.nll(), 0.0);
        assertArrayEquals(localPrunedLogPx, EvalFiles.readNpy(EvalFiles.logPx(run, "test", true)));
    }

    /**
     * Issue 16: the sharded evaluation goes through the same data check as the plain one (before,
     * it built its evaluation from parts and evaluated changed data without a word): refused,
     * naming the file and both digests, unless --accept-changed-data, which is then recorded.
     */
    @Test
    void shardedEvaluationChecksTheDataAsThePlainOneDoes() throws Exception {
        String data = TinyExperiments.dataset(tmp, 100);
        Path run = tmp.resolve("run");
        TrainingRun.start(run, TinyExperiments.config(data, "iwae", 5, 1).config(), tmp, ProgressListener.SILENT,
                List.of("test"));
        TinyExperiments.dataset(tmp, 101); // the data file changes after training
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = ExperimentMain.execute(new String[] {"eval", run.toString(), "--shards", "2", "--k", "5",
            "--data-dir", tmp.toString()}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertEquals(2, code, err.toString());
        String firstLine = err.toString().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("iwae: error: ") && firstLine.contains("changed since the run was trained on it")
                && firstLine.contains("--accept-changed-data"), err.toString());
        assertTrue(!Files.exists(run.resolve("eval-test.json")), "nothing evaluated");

        EvalConfig options = EvalConfig.defaults().k(5).threads(1).device(ComputeDevice.CPU);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        EvalResult sharded = ShardedEvaluation.run(run, options, 2, false, tmp, DataCheck.Policy.ACCEPT_CHANGED,
                TinyExperiments.local(2), List.of("test"), log);
        assertEquals(1, sharded.acceptedDataChanges().size(), sharded.toString());
        EvalResult local = Evaluation.run(run, options, false, tmp, DataCheck.Policy.ACCEPT_CHANGED,
                ProgressListener.SILENT, List.of("test"));
        assertEquals(local.nll(), sharded.nll(), 0.0);
        assertEquals(local.acceptedDataChanges().get(0).file(), sharded.acceptedDataChanges().get(0).file());
    }
}
