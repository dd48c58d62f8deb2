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
import org.iwae4j.ais.AisInit;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.api.AisEvaluation;
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
        Path run = trainedRun(2);
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
        Path run = trainedRun(1);
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

    /**
     * Issue 18: {@code eval --method ais --shards N} spreads the AIS ranges over Spark tasks and
     * combines them into eval-test-ais.json and its .npy with the local run's numbers, bit for bit
     * (each part is a child JVM that plans, checks the data and loads the checkpoint on its own).
     */
    @Test
    void shardedAisEqualsTheLocalOneExampleByExample() throws Exception {
        Path run = trainedRun(1);
        EvalConfig options = EvalConfig.defaults().seed(5).threads(1).device(ComputeDevice.CPU);
        // 8 examples per AIS pass: 40 test images in 5 passes, split into 2 shards of 2 and 3 passes
        AisSettings ais = AisSettings.of(12, "sigmoid", AisInit.PRIOR, 3, 2).withExamplesPerPass(8);
        AisEvaluation.Result local = AisEvaluation.run(run, options, ais, tmp, ProgressListener.SILENT, List.of("test"));
        double[] localLogPx = EvalFiles.readNpy(EvalFiles.aisLogPx(run, "test"));
        assertEquals(40, localLogPx.length);
        Files.delete(EvalFiles.aisResult(run, "test"));
        Files.delete(EvalFiles.aisLogPx(run, "test"));

        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        AisEvaluation.Result sharded = ShardedEvaluation.runAis(run, options, ais, 2, tmp, DataCheck.Policy.VERIFY,
                TinyExperiments.local(2), List.of("test"), log);
        assertTrue(Files.exists(EvalFiles.aisShard(run, "logpx", 16, 40)), "two shards, split at a pass boundary");
        assertArrayEquals(localLogPx, EvalFiles.readNpy(EvalFiles.aisLogPx(run, "test")), 0.0);
        assertEquals(local.nll(), sharded.nll(), 0.0);
        assertEquals(local.stderr(), sharded.stderr(), 0.0);
        assertEquals(local.acceptance(), sharded.acceptance(), 0.0);
        assertEquals(local.epoch(), sharded.epoch());
        assertEquals(local.checkpoint(), sharded.checkpoint());
        assertEquals(local.nll(), Json.read(EvalFiles.aisResult(run, "test"), AisEvaluation.Result.class).nll(),
                0.0, "the file holds what was returned");

        // the command line: the same options reach the Spark command; bad values are one line, exit 2
        Exit negative = aisCommand(run, "--shards", "-1");
        assertEquals(2, negative.code(), negative.err());
        assertEquals(1, negative.err().lines().count(), negative.err());
        assertTrue(negative.err().startsWith("iwae: error: --shards"), negative.err());
        Exit noChains = aisCommand(run, "--shards", "2", "--chains", "0");
        assertEquals(2, noChains.code(), noChains.err());
        assertTrue(noChains.err().startsWith("iwae: error: ") && noChains.err().contains("chains"), noChains.err());
    }

    /**
     * The sharded AIS evaluation goes through the same data check: changed data is refused unless
     * --accept-changed-data, which is then recorded in eval-test-ais.json.
     */
    @Test
    void shardedAisChecksTheDataAndRecordsAcceptedChanges() throws Exception {
        Path run = trainedRun(1);
        TinyExperiments.dataset(tmp, 101); // the data file changes after training
        String[] small = {"--shards", "2", "--ais-steps", "5", "--chains", "2", "--leapfrog", "1", "--limit", "8",
            "--threads", "1"};
        Exit refused = aisCommand(run, small);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("--accept-changed-data"), refused.err());
        assertTrue(!Files.exists(EvalFiles.aisResult(run, "test")), "nothing evaluated");

        String[] accepting = java.util.Arrays.copyOf(small, small.length + 1);
        accepting[small.length] = "--accept-changed-data";
        Exit accepted = aisCommand(run, accepting);
        assertEquals(0, accepted.code(), accepted.err());
        AisEvaluation.Result written = Json.read(EvalFiles.aisResult(run, "test"), AisEvaluation.Result.class);
        assertEquals(8, written.n());
        assertEquals(1, written.acceptedDataChanges().size(), written.toString());
    }

    private record Exit(int code, String err) {}

    /** {@code iwae eval RUN --method ais --data-dir TMP} with {@code options}, through the Spark module's command line. */
    private Exit aisCommand(Path run, String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(List.of("eval", run.toString(), "--method", "ais",
                "--data-dir", tmp.toString()));
        args.addAll(List.of(options));
        java.io.StringWriter err = new java.io.StringWriter();
        int code = ExperimentMain.execute(args.toArray(String[]::new), new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err));
        return new Exit(code, err.toString());
    }

    /** A 1-layer IWAE (k=5) trained for {@code epochs} on 100 toy images in tmp/run. */
    private Path trainedRun(int epochs) throws java.io.IOException {
        String data = TinyExperiments.dataset(tmp, 100);
        Path run = tmp.resolve("run");
        TrainingRun.start(run, TinyExperiments.config(data, "iwae", 5, epochs).config(), tmp, ProgressListener.SILENT,
                List.of("test"));
        return run;
    }
}
