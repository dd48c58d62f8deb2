package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17, the Spark commands' input: refused in one line, exit 2, before Spark starts and before
 * anything is written (these cases never start Spark).
 */
class ExperimentInputTest {
    @TempDir
    Path tmp;

    /** Exit code and both streams of one Spark command. */
    record Outcome(int code, String out, String err) {
        String firstErr() {
            return err.lines().findFirst().orElse("");
        }
    }

    static Outcome run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ExperimentMain.execute(args.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    static List<String> words(String line, Path tmp) {
        List<String> words = new ArrayList<>();
        for (String w : line.trim().split("\\s+")) {
            words.add(w.replace("TMP", tmp.toString()));
        }
        return words;
    }

    /** Class 5: options checked before any work, naming the option typed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "eval TMP/run --shards -3                          | --shards must be 0 (4 per task slot) or more, got -3",
        "experiment table2 --out TMP/out --transfer-lr Infinity | --transfer-lr must be a positive number, got Infinity",
        "experiment table2 --out TMP/out --transfer-lr NaN | --transfer-lr must be a positive number, got NaN",
    })
    void optionsAreCheckedBeforeSparkStarts(String command, String expected) {
        Outcome o = run(words(command, tmp));
        assertEquals(2, o.code(), o.err());
        assertEquals("iwae: error: " + expected, o.firstErr());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /** Class 2: a damaged experiment.json is named with what is wrong, by status and by a rerun, and kept as it is. */
    @ParameterizedTest(name = "experiment.json {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{}`                                        | not a valid experiment record (field table is missing)",
        "`null`                                      | not a valid Definition file (it holds no JSON object)",
        "``                                          | not a valid Definition file (No content to map",
        "`[]`                                        | not a valid Definition file (Cannot deserialize",
        "`{\"table\": \"table3\"}`                    | not a valid experiment record (field table is 'table3', expected table1 or table2)",
        "`{\"table\": \"table1\"}`                    | not a valid experiment record (field chains is missing or empty)",
        "`{\"table\": \"table1\", \"chains\": [[null]], \"eval_k\": 5}` | not a valid experiment record (chains[0][0] is null)",
        "`{\"table\": \"table1\", \"chains\": [[{}]], \"eval_k\": 5}`   | not a valid Definition file (Cannot construct instance of",
        "`{\"table\": \"table1\", \"chains\": [null], \"eval_k\": 5}`   | not a valid experiment record (chains[0] is missing or empty)",
        "`{\"table\": \"table1\", \"chains\": [[{\"id\": \"a\", \"dataset\": \"mnist\", \"model\": \"vae\", \"schedule\": \"paper\", \"layers\": 1, \"k\": 1, \"epochs\": 1}]]}` | not a valid experiment record (field eval_k must be at least 1, got 0)",
    })
    void aDamagedExperimentRecordIsNamedByStatusAndByARerun(String content, String expected) throws Exception {
        String data = TinyExperiments.dataset(tmp, 20);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path record = out.resolve("experiment.json");
        Files.writeString(record, content);
        for (String command : List.of("experiment status TMP/out",
                "experiment table1 --out TMP/out --epochs 1 --eval-k 5 --datasets " + data)) {
            Outcome o = run(words(command, tmp));
            assertEquals(2, o.code(), command + ": " + o.err());
            assertTrue(o.firstErr().startsWith("iwae: error: " + record + ": " + expected.trim()), o.firstErr());
            assertFalse(o.err().contains("\tat "), o.err());
            assertEquals(content, Files.readString(record), "left as it was");
            try (var files = Files.list(out)) {
                assertEquals(List.of(record), files.toList(), "nothing else written");
            }
        }
    }

    /** Class 3: a missing or unreadable dataset is one cause: named once, before any task starts, nothing written. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "experiment table1 --datasets mnist           | dataset mnist is not in TMP/empty/mnist (fetch it with './iwae fetch mnist', or leave it out of --datasets); nothing was run",
        "experiment table1 --datasets mnist,omniglot  | dataset mnist is not in TMP/empty/mnist (fetch it with './iwae fetch mnist', or leave it out of --datasets); dataset omniglot is not in TMP/empty/omniglot (fetch it with './iwae fetch omniglot', or leave it out of --datasets); nothing was run",
        "experiment table2 --dataset mnist            | dataset mnist is not in TMP/empty/mnist (fetch it with './iwae fetch mnist', or leave it out of --datasets); nothing was run",
        "experiment table1 --datasets npz:TMP/gone.npz | dataset npz:TMP/gone.npz: TMP/gone.npz: not found; nothing was run",
        "experiment table1 --datasets npz:TMP/bad.npz  | dataset npz:TMP/bad.npz: TMP/bad.npz: ",
    })
    void aMissingDatasetIsNamedOnceBeforeAnyTask(String command, String expected) throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("bad.npz"), "not a zip file");
        List<String> args = words(command + " --out TMP/out --epochs 1 --eval-k 5 --data-dir TMP/empty", tmp);
        Outcome o = run(args);
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: " + expected.trim().replace("TMP", tmp.toString())),
                o.firstErr());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertEquals("", o.out());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written, no task started");
    }

    /** Class 1: a master nobody answers at is named with the reason within the bounded time, before Spark starts. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "experiment table1 --master spark://127.0.0.1:1 --out TMP/out      | --master spark://127.0.0.1:1: cannot reach the Spark master (127.0.0.1:1: Connection refused); is it running?",
        "experiment table2 --master spark://127.0.0.1:1,127.0.0.1:2 --out TMP/out | --master spark://127.0.0.1:1,127.0.0.1:2: cannot reach the Spark master (127.0.0.1:1: Connection refused; 127.0.0.1:2: Connection refused); is it running?",
        "experiment table1 --master spark://no-such-host.invalid:7077 --out TMP/out | --master spark://no-such-host.invalid:7077: cannot reach the Spark master (no-such-host.invalid: unknown host); is it running?",
        "experiment table1 --master spark://127.0.0.1:http --out TMP/out   | --master spark://127.0.0.1:http: 'http' is not a port",
        "eval TMP/run --master spark://127.0.0.1:1                         | --master spark://127.0.0.1:1: cannot reach the Spark master (127.0.0.1:1: Connection refused); is it running?",
    })
    void anUnreachableMasterIsOneLineWithinTenSeconds(String command, String expected) throws Exception {
        String data = TinyExperiments.dataset(tmp, 20);
        List<String> args = words(command, tmp);
        if (args.get(1).startsWith("table")) {
            args.addAll(List.of("--epochs", "1", "--eval-k", "5", args.get(1).equals("table1") ? "--datasets" : "--dataset",
                    data));
        }
        long start = System.nanoTime();
        Outcome o = run(args);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, o.code(), o.err());
        assertEquals("iwae: error: " + expected.trim(), o.firstErr());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(seconds < Master.CONNECT_SECONDS + 5, seconds + " s");
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
