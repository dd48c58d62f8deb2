package org.iwae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.config.TrainingPath;
import org.iwae4j.objective.Estimator;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which path a run takes, that config.json records it, that a resumed run keeps it and equals an
 * uninterrupted run bit for bit on either path, and that the two paths train alike (not bitwise).
 */
class TrainingPathTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}: resumed equals uninterrupted on the {2} path")
    @CsvSource({"iwae,3,fast", "iwae,3,general", "vae,2,fast", "vae,2,general"})
    void aResumedRunEqualsAnUninterruptedOneOnEachPath(String model, int k, String path) throws Exception {
        TrainConfig config = TinyRuns.config(model, k, 3, 5).path(TrainingPath.of(path));
        List<EpochMetrics> straight = TinyRuns.train(tmp.resolve("straight"), config);
        TinyRuns.train(tmp.resolve("resumed"), config.epochs(1));
        assertEquals(TrainingPath.of(path), RunDirectory.open(tmp.resolve("resumed")).readRecord().config().path());
        List<EpochMetrics> resumed = TinyRuns.resume(tmp.resolve("resumed"), 3);
        assertEquals(3, resumed.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(straight.get(i).trainBound(), resumed.get(i).trainBound(), 0.0, "epoch " + (i + 1));
            assertEquals(straight.get(i).valBound(), resumed.get(i).valBound(), 0.0, "epoch " + (i + 1));
        }
        assertArrayEquals(TinyRuns.finalState(tmp.resolve("straight")), TinyRuns.finalState(tmp.resolve("resumed")));
        String json = Files.readString(tmp.resolve("resumed/config.json"));
        assertTrue(json.contains("\"path\" : \"" + path + "\"") || json.contains("\"path\":\"" + path + "\""), json);
    }

    @Test
    void autoIsResolvedAndRecordedAndFastIsRefusedWhereItDoesNotApply() throws Exception {
        TinyRuns.train(tmp.resolve("iwae"), TinyRuns.config("iwae", 3, 1, 5));
        assertEquals(TrainingPath.FAST,
                RunDirectory.open(tmp.resolve("iwae")).readRecord().config().path());
        TinyRuns.train(tmp.resolve("stl"), TinyRuns.config("iwae", 3, 1, 5).estimator(Estimator.STL));
        assertEquals(TrainingPath.GENERAL, RunDirectory.open(tmp.resolve("stl")).readRecord().config().path());
        UserError e = assertThrows(UserError.class, () -> TinyRuns.train(tmp.resolve("miwae"),
                TinyRuns.config("miwae", 3, 1, 5).m(2).path(TrainingPath.FAST)));
        assertTrue(e.getMessage().contains("--path fast does not apply"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("miwae/config.json")), "nothing written for a refused run");
        UserError warm = assertThrows(UserError.class, () -> TinyRuns.train(tmp.resolve("warm"),
                TinyRuns.config("iwae", 3, 2, 5).warmup(1).path(TrainingPath.FAST)));
        assertTrue(warm.getMessage().contains("warm-up"), warm.getMessage());
    }

    /**
     * Runs recorded when AUTO meant the general path (before the fast path became the default) keep
     * it on resume: one with no "path" at all (written before there were two paths) and one whose
     * record says "auto". Both equal an uninterrupted general run bit for bit; read as AUTO now, they
     * would take the fast path and differ.
     */
    @ParameterizedTest(name = "a record with {0} resumes on the general path")
    @CsvSource({"no path field", "path auto"})
    void runsRecordedBeforeTheFlipResumeOnTheGeneralPath(String what) throws Exception {
        TrainConfig config = TinyRuns.config("iwae", 3, 3, 5);
        List<EpochMetrics> straight = TinyRuns.train(tmp.resolve("straight"), config.path(TrainingPath.GENERAL));
        TinyRuns.train(tmp.resolve("old"), config.path(TrainingPath.GENERAL).epochs(1));
        Path json = tmp.resolve("old/config.json");
        String text = Files.readString(json);
        String recorded = text.replaceAll("\"path\"\\s*:\\s*\"general\"\\s*,?",
                what.equals("path auto") ? "\"path\" : \"auto\"," : "");
        assertTrue(!recorded.equals(text), "the record names its path: " + text);
        Files.writeString(json, recorded.replaceAll(",(\\s*})", "$1"));
        assertEquals(what.equals("path auto") ? TrainingPath.AUTO : TrainingPath.GENERAL,
                RunDirectory.open(tmp.resolve("old")).readRecord().config().path());
        List<EpochMetrics> resumed = TinyRuns.resume(tmp.resolve("old"), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(straight.get(i).trainBound(), resumed.get(i).trainBound(), 0.0, "epoch " + (i + 1));
        }
        assertArrayEquals(TinyRuns.finalState(tmp.resolve("straight")), TinyRuns.finalState(tmp.resolve("old")));
        assertEquals(TrainingPath.GENERAL, RunDirectory.open(tmp.resolve("old")).readRecord().config().path(),
                "the extended record names the path it ran");
    }

    @Test
    void aRecordWithoutAPathRanTheGeneralPath() {
        TrainConfig old = new TrainConfig("toy", "iwae", 3, 1, List.of(), List.of(), 1, null, 1e-3, 10, 1, 1, null, 0, 1,
                1, null, null, 1, 0.5, 0.5, null, 0, 0, 0, null);
        assertEquals(TrainingPath.GENERAL, old.path());
        assertEquals(TrainingPath.AUTO, TrainConfig.defaults().path());
    }

    @Test
    void bothPathsTrainAlike() {
        List<EpochMetrics> fast = TinyRuns.train(tmp.resolve("fast"), TinyRuns.config("iwae", 5, 4, 3)
                .path(TrainingPath.FAST));
        List<EpochMetrics> general = TinyRuns.train(tmp.resolve("general"), TinyRuns.config("iwae", 5, 4, 3)
                .path(TrainingPath.GENERAL));
        for (int i = 0; i < 4; i++) {
            assertEquals(general.get(i).trainBound(), fast.get(i).trainBound(),
                    1e-3 * Math.abs(general.get(i).trainBound()), "epoch " + (i + 1));
        }
    }
}
