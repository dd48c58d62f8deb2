package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.Sha256;
import org.iwae4j.data.Datasets;
import org.iwae4j.testing.Cli;
import org.iwae4j.testing.TinyRuns;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 1 of issue 12: the data a run is resumed, evaluated or plotted on is checked against the
 * SHA-256 recorded when it was trained; a difference is one line naming the file, both digests
 * and the way out, unless the user accepts it explicitly, and then the acceptance is recorded.
 */
class DataCheckTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} after the data {1}")
    @CsvSource(delimiter = '|', value = {
        "train --resume --epochs 2 | was replaced by other images of the same shape",
        "train --resume --epochs 2 | was replaced by images of another size",
        "train --resume --epochs 2 | was removed",
        "eval --k 2                | was replaced by other images of the same shape",
        "eval --k 2                | was replaced by images of another size",
        "eval --k 2                | was removed",
        "plot samples              | was replaced by other images of the same shape",
        "plot units                | was replaced by images of another size",
    })
    void changedDataIsRefusedNamingFileDigestsAndWayOut(String command, String change) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path npz = tmp.resolve("toy.npz").toAbsolutePath().normalize();
        String recorded = Sha256.of(npz);
        String now;
        if (change.contains("removed")) {
            Files.delete(npz);
            now = "missing";
        } else {
            Cli.npz(npz, 40, change.contains("another size") ? 5 : 4, 99);
            now = Sha256.of(npz);
        }
        byte[] configBefore = Files.readAllBytes(run.resolve("config.json"));
        Cli.Outcome o = Cli.run(args(command, run));
        assertEquals(2, o.code(), o.err());
        String line = o.firstErr();
        assertTrue(line.startsWith("iwae: error: " + npz), line);
        assertTrue(line.contains("recorded sha256 " + recorded), line);
        assertTrue(line.contains("now " + now), line);
        assertTrue(line.contains("--accept-changed-data"), line);
        assertFalse(o.err().contains("\tat "), o.err());
        assertTrue(java.util.Arrays.equals(configBefore, Files.readAllBytes(run.resolve("config.json"))),
                "config.json untouched");
        assertFalse(Files.exists(run.resolve("eval-test.json")));
        assertFalse(Files.exists(run.resolve("plots")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --resume --epochs 2 | config.json",
        "eval --k 2                | eval-test.json",
    })
    void theOverrideUsesTheFilesAndRecordsTheChange(String command, String record) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path npz = tmp.resolve("toy.npz").toAbsolutePath().normalize();
        String recorded = Sha256.of(npz);
        Cli.npz(npz, 40, 4, 99);
        String now = Sha256.of(npz);
        String[] args = args(command + " --accept-changed-data", run);
        Cli.Outcome o = Cli.run(args);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("warning: " + npz + " differs from the run's record"), o.err());
        String json = Files.readString(run.resolve(record));
        assertTrue(json.contains("\"accepted_data_changes\""), json);
        assertTrue(json.contains(recorded) && json.contains(now), json);
    }

    @Test
    void unchangedDataPassesTheCheck() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Cli.Outcome o = Cli.run(args("train --resume --epochs 2", run));
        assertEquals(0, o.code(), o.err());
        o = Cli.run(args("eval --k 2", run));
        assertEquals(0, o.code(), o.err());
        assertTrue(org.iwae4j.run.RunDirectory.open(run).readRecord().acceptedDataChanges().isEmpty());
    }

    @Test
    void aNamedDatasetIsCheckedAgainstItsRecordedDigestsBeforeLoading() {
        Path run = tmp.resolve("named");
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data")).toAbsolutePath();
        Map<String, String> digests = new LinkedHashMap<>(Datasets.byName("mnist").fileDigests(dataDir));
        String file = digests.keySet().iterator().next();
        digests.put(file, "0".repeat(64)); // the run was trained on another copy of that file
        TrainingRun.start(run, TinyRuns.config("iwae", 2, 1, 1).dataset("mnist"), TinyRuns.DATA, digests,
                ProgressListener.SILENT, List.of("test"));
        Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--data-dir", dataDir.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().contains(file + " changed since the run was trained on it (recorded sha256 "
                + "0".repeat(64)), o.err());
        assertTrue(o.firstErr().contains("--accept-changed-data"), o.err());
    }

    private static String[] args(String command, Path run) {
        List<String> args = new java.util.ArrayList<>(List.of(command.trim().split("\\s+")));
        if (args.get(0).equals("train")) {
            args.addAll(List.of("--out", run.toString(), "--quiet"));
        } else {
            args.add(args.get(0).equals("plot") ? 2 : 1, run.toString());
            if (args.get(0).equals("eval")) {
                args.add("--quiet");
            }
        }
        return args.toArray(String[]::new);
    }
}
