package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 2 of issue 12: sizes no machine can hold are refused before anything is written, and a run
 * directory that never reached its first checkpoint does not block a plain retry.
 */
class ImpossibleSizesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "4  | --k 100000000                          | --k too large",
        "4  | --k 50000000 --batch-size 40            | --k too large",
        "28 | --batch-size 10000000                  | --batch-size",
        "4  | --batch-size 200000000                 | --batch-size",
        "4  | --model miwae --k 100000 --m 100000     | --k too large",
        "4  | --hidden 1000000                        | --hidden",
        "4  | --latent 400000000                      | --latent",
    })
    void trainingThatCannotFitIsRefusedBeforeWriting(int side, String options, String expected) throws Exception {
        Path npz = Cli.npz(tmp.resolve("data.npz"), 8, side, 1);
        Path run = tmp.resolve("run");
        List<String> args = Cli.with(Cli.tinyTrain(npz, run, 1), options.trim().split("\\s+"));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + expected), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        assertFalse(Files.exists(run), "nothing written: " + run);
    }

    @ParameterizedTest(name = "eval {0}")
    @CsvSource(delimiter = '|', value = {
        "--k 5000 --rows-per-pass 2000000000 | --rows-per-pass too large",
        "--k 2000000000 --rows-per-pass 2000000000 | --rows-per-pass too large",
    })
    void evaluationThatCannotFitIsRefusedBeforeComputing(String options, String expected) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        List<String> args = new ArrayList<>(List.of("eval", run.toString(), "--quiet"));
        args.addAll(List.of(options.trim().split("\\s+")));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + expected), o.err());
        assertFalse(Files.exists(run.resolve("eval-test.json")));
    }

    @Test
    void aRunThatNeverReachedItsFirstCheckpointDoesNotBlockAPlainRetry() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        // What a run killed (or failed) before its first checkpoint leaves: config.json, no checkpoint.
        try (var files = Files.list(run.resolve("checkpoints"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        List<String> retry = Cli.with(Cli.tinyTrain(tmp.resolve("toy.npz"), run, 1), "--k", "3");
        Cli.Outcome o = Cli.run(retry.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"k\" : 3"));
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-000001.ckpt")));
    }

    @Test
    void aRunWithACheckpointStillNeedsResume() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Cli.Outcome o = Cli.run(Cli.tinyTrain(tmp.resolve("toy.npz"), run, 1).toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().contains("already holds a run"), o.err());
    }
}
