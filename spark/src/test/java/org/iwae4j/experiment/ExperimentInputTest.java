package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
