package org.iwae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.testing.Cli;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping on the validation bound, and the best checkpoint that every run keeps. */
class EarlyStoppingTest {
    @TempDir
    Path tmp;

    private static List<EpochMetrics> epochs(double... valBounds) {
        List<EpochMetrics> m = new ArrayList<>();
        for (int i = 0; i < valBounds.length; i++) {
            m.add(new EpochMetrics(i + 1, 1e-3, -100, valBounds[i], 1, i + 1, 10L * (i + 1), 100, 0, 1.0, null));
        }
        return m;
    }

    @Test
    void theBestEpochIsTheOneWithTheBestRecordedValidationBound() {
        List<EpochMetrics> history = epochs(-100, -90, -95, -89.5, -92, Double.NaN);
        assertEquals(4, EarlyStopping.replay(history, 0).bestEpoch());
        assertEquals(-89.5, EarlyStopping.replay(history, 0).bestBound(), 0.0);
        assertEquals(2, EarlyStopping.replay(history, 1.0).bestEpoch(), "0.5 nats better is not better by min-delta 1");
        assertEquals(0, EarlyStopping.replay(epochs(Double.NaN, Double.NaN), 0).bestEpoch(), "no validation bound, no best");
    }

    @Test
    void patienceCountsEpochsWithoutABetterBoundAfterTheWarmup() {
        TrainConfig c = TrainConfig.defaults().epochs(20).earlyStop(3);
        assertFalse(EarlyStopping.stopsAfter(c, 6, 4));
        assertTrue(EarlyStopping.stopsAfter(c, 7, 4));
        assertFalse(EarlyStopping.stopsAfter(c.warmup(8), 7, 4), "no stop during the warm-up");
        assertTrue(EarlyStopping.stopsAfter(c.warmup(8), 11, 4));
        assertFalse(EarlyStopping.stopsAfter(c.earlyStop(0), 19, 1), "without --early-stop the schedule keeps its length");
        assertFalse(EarlyStopping.stopsAfter(c, 20, 1), "the last epoch ends the run anyway");
    }

    @Test
    void aRunStopsAtItsPatienceKeepsItsBestCheckpointAndEvaluatesIt() throws Exception {
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
        Path out = tmp.resolve("run");
        List<String> train = Cli.with(Cli.tinyTrain(npz, out, 40), "--early-stop", "2", "--keep-checkpoints", "100",
                "--lr", "0.02");
        Cli.Outcome o = Cli.run(train.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        RunDirectory run = RunDirectory.open(out);
        List<EpochMetrics> m = MetricsLog.read(run.metricsFile());
        EpochMetrics last = m.get(m.size() - 1);
        assertTrue(m.size() < 40, "random data stops improving well before 40 epochs; trained " + m.size());
        int best = 1;
        for (EpochMetrics e : m) {
            if (e.valBound() > m.get(best - 1).valBound()) {
                best = e.epoch();
            }
        }
        assertEquals(best, last.bestEpoch(), "the epoch with the best recorded validation bound");
        assertEquals(2, last.epoch() - best, "stopped after 2 epochs without a better one");
        assertTrue(o.out().contains("best validation bound"), o.out());
        assertTrue(Files.exists(run.checkpointFor(last.epoch())), "the epoch it stopped at is checkpointed");
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            assertEquals(best, Checkpoint.read(run.bestCheckpoint(), manager).state().epoch());
        }
        assertArrayEquals(TinyRuns.parametersOf(run.checkpointFor(best)), TinyRuns.parametersOf(run.bestCheckpoint()));

        Cli.Outcome again = Cli.run("train", "--out", out.toString(), "--resume", "--quiet");
        assertEquals(0, again.code(), again.err());
        assertEquals(m, MetricsLog.read(run.metricsFile()), "a stopped run stays stopped on --resume");

        Cli.Outcome eval = Cli.run("eval", out.toString(), "--k", "2", "--checkpoint", "best", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        JsonNode result = Json.MAPPER.readTree(run.evalFile("test").toFile());
        assertEquals(best, result.get("epoch").asInt(), result.toString());
        JsonNode collapse = result.get("collapse");
        double sum = 0;
        for (JsonNode layer : collapse.get("kl_per_unit")) {
            for (JsonNode unit : layer) {
                sum += unit.asDouble();
            }
        }
        assertEquals(2, collapse.get("kl_per_unit").get(0).size(), "one KL per latent unit (--latent 2)");
        assertEquals(sum, collapse.get("kl").asDouble(), 1e-9);
        assertTrue(collapse.get("mutual_information").asDouble() <= Math.log(result.get("n").asInt()) + 1e-9);
        Cli.Outcome latest = Cli.run("eval", out.toString(), "--k", "2", "--checkpoint", "latest", "--quiet");
        assertEquals(0, latest.code(), latest.err());
        assertEquals(last.epoch(), Json.MAPPER.readTree(run.evalFile("test").toFile()).get("epoch").asInt());
    }

    @Test
    void withoutABestCheckpointBestIsRefusedInOneLine() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Files.delete(RunDirectory.open(run).bestCheckpoint());
        Cli.Outcome o = Cli.run("export", run.toString(), "--checkpoint", "best");
        assertEquals(2, o.code());
        assertTrue(o.firstErr().startsWith("iwae: error: ") && o.firstErr().contains("no best checkpoint"), o.err());
    }
}
