package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void trainingImprovesTheBoundAndWritesMetricsAndCheckpoints() {
        List<EpochMetrics> m = TinyRuns.train(tmp.resolve("run"), TinyRuns.config("iwae", 5, 6, 3));
        assertEquals(6, m.size());
        assertTrue(m.get(5).trainBound() > m.get(0).trainBound() + 0.5,
                "bound went from " + m.get(0).trainBound() + " to " + m.get(5).trainBound());
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        assertEquals(6, MetricsLog.read(run.metricsFile()).size());
        assertEquals(2, run.checkpoints().size(), "keeps the newest 2 (keepCheckpoints)");
        assertEquals(6, RunDirectory.epochOf(run.checkpoints().get(1)));
    }

    @Test
    void sameSeedGivesTheSameMetricsAndParameters() throws IOException {
        List<EpochMetrics> a = TinyRuns.train(tmp.resolve("a"), TinyRuns.config("iwae", 3, 2, 7));
        List<EpochMetrics> b = TinyRuns.train(tmp.resolve("b"), TinyRuns.config("iwae", 3, 2, 7));
        List<EpochMetrics> c = TinyRuns.train(tmp.resolve("c"), TinyRuns.config("iwae", 3, 2, 8));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainBound(), b.get(i).trainBound(), 0.0);
            assertEquals(a.get(i).valBound(), b.get(i).valBound(), 0.0);
        }
        assertNotEquals(a.get(1).trainBound(), c.get(1).trainBound(), "another seed, other numbers");
        assertArrayEquals(finalParameters(tmp.resolve("a")), finalParameters(tmp.resolve("b")));
    }

    @Test
    void resumedRunMatchesAnUninterruptedOneExactly() throws IOException {
        List<EpochMetrics> straight = TinyRuns.train(tmp.resolve("straight"), TinyRuns.config("vae", 2, 4, 5));
        TinyRuns.train(tmp.resolve("resumed"), TinyRuns.config("vae", 2, 2, 5));
        List<EpochMetrics> resumed = TinyRuns.resume(tmp.resolve("resumed"), 4);
        assertEquals(4, resumed.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(straight.get(i).trainBound(), resumed.get(i).trainBound(), 0.0, "epoch " + (i + 1));
            assertEquals(straight.get(i).valBound(), resumed.get(i).valBound(), 0.0, "epoch " + (i + 1));
        }
        assertArrayEquals(finalParameters(tmp.resolve("straight")), finalParameters(tmp.resolve("resumed")));
    }

    @Test
    void resumeSkipsACorruptNewestCheckpoint() throws IOException {
        List<EpochMetrics> straight = TinyRuns.train(tmp.resolve("straight"), TinyRuns.config("iwae", 2, 3, 9));
        TinyRuns.train(tmp.resolve("run"), TinyRuns.config("iwae", 2, 3, 9));
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        Path newest = run.checkpointFor(3);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }
        assertEquals(Optional.of(run.checkpointFor(2)), run.latestIntactCheckpoint(msg -> {}));
        List<EpochMetrics> resumed = TinyRuns.resume(tmp.resolve("run"), 3);
        assertEquals(straight.get(2).trainBound(), resumed.get(2).trainBound(), 0.0);
        assertArrayEquals(finalParameters(tmp.resolve("straight")), finalParameters(tmp.resolve("run")));
    }

    /** All parameters of the newest checkpoint, concatenated. */
    private static float[] finalParameters(Path dir) throws IOException {
        assertTrue(Files.size(TinyRuns.newestCheckpoint(dir)) > 0);
        return TinyRuns.finalParameters(dir);
    }
}
