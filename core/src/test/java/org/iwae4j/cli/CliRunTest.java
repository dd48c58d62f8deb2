package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.iwae4j.common.Torch;
import org.iwae4j.testing.TinyRuns;
import org.iwae4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands on a real (tiny) trained run. */
class CliRunTest {
    @TempDir
    Path tmp;

    @Test
    void exportWritesNamedWeightsThatNumpyCanRead() throws Exception {
        Path run = tmp.resolve("run");
        TinyRuns.train(run, TinyRuns.config("iwae", 2, 1, 1));
        CliErrorsTest.Outcome o = CliErrorsTest.run("export", run.toString());
        assertEquals(0, o.code(), o.err());
        Path npz = run.resolve("weights.npz");
        assertTrue(Files.size(npz) > 0);
        try (NDManager manager = Torch.newManager(Torch.device("cpu")); InputStream in = Files.newInputStream(npz)) {
            NDList arrays = NDList.decode(manager, in);
            Map<String, Shape> shapes = new HashMap<>();
            for (NDArray a : arrays) {
                shapes.put(a.getName(), a.getShape());
            }
            assertEquals(new Shape(8, 16), shapes.get("q1.hidden0.weight"));
            assertEquals(new Shape(3, 8), shapes.get("q1.mean.weight"));
            assertEquals(new Shape(3, 8), shapes.get("q1.log_sigma.weight"));
            assertEquals(new Shape(3), shapes.get("q1.log_sigma.bias"));
            assertEquals(new Shape(16, 8), shapes.get("px.out.weight"));
            assertEquals(14, shapes.size(), shapes.toString());
        }
    }

    @Test
    void aCorruptCheckpointIsOneLineAndExitTwo() throws Exception {
        Path run = tmp.resolve("run");
        TinyRuns.train(run, TinyRuns.config("vae", 1, 1, 1));
        Path ckpt = RunDirectory.open(run).checkpointFor(1);
        byte[] bytes = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliErrorsTest.Outcome o = CliErrorsTest.run("export", run.toString(), "--checkpoint", ckpt.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("iwae: error: " + ckpt + ": checkpoint is truncated or corrupt"), o.err());
        o = CliErrorsTest.run("export", run.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("has no intact checkpoint"), o.err());
    }

    @Test
    void trainingIntoAnExistingRunNeedsResume() {
        Path run = tmp.resolve("run");
        TinyRuns.train(run, TinyRuns.config("vae", 1, 1, 1));
        CliErrorsTest.Outcome o = CliErrorsTest.run("train", "--dataset", "mnist", "--out", run.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("already holds a run: continue it with --resume"), o.err());
        o = CliErrorsTest.run("train", "--resume", "--k", "7", "--out", run.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--k cannot change on --resume: the run in " + run + " has 1, the command gives 7"),
                o.err());
    }

    @Test
    void aSecondTrainerOnTheSameRunIsRefused() throws Exception {
        Path run = tmp.resolve("run");
        TinyRuns.train(run, TinyRuns.config("vae", 1, 1, 1));
        try (AutoCloseable held = RunDirectory.open(run).lockForTraining()) {
            org.iwae4j.common.UserError e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.iwae4j.common.UserError.class, () -> RunDirectory.open(run).lockForTraining());
            assertTrue(e.getMessage().contains("is being trained by another process"), e.getMessage());
        }
    }
}
