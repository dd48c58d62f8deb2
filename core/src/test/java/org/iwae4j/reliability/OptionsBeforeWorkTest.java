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
 * Class 5 of issue 17: every option is checked before any work, in one line naming the option the
 * user typed, and nothing is written; score states what it does with more than two inputs.
 */
class OptionsBeforeWorkTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "bench {0}")
    @CsvSource(delimiter = '|', value = {
        "--seconds NaN          | --seconds must be a positive number, got NaN",
        "--seconds Infinity     | --seconds must be a positive number, got Infinity",
        "--seconds -1           | --seconds must be a positive number, got -1.0",
        "--repeats 0            | --repeats must be at least 1, got 0",
        "--eval-examples 0      | --eval-examples must be at least 1, got 0",
        "--rows-per-pass 0      | --rows-per-pass must be at least 1, got 0",
        "--soak -5              | --soak must be 0 (none) or more, got -5",
        "--json DIR             | --json DIR: cannot write (it is a directory)",
    })
    void benchOptionsAreCheckedBeforeTheBench(String options, String expected) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("existing"));
        List<String> args = new ArrayList<>(List.of("bench", "--quick", "--eval-only", "--no-native-calls",
                "--gemm-size", "64", "--eval-examples", "1", "--repeats", "1", "--seconds", "0.01",
                "--json", tmp.resolve("bench.json").toString()));
        List<String> given = List.of(options.trim().replace("DIR", dir.toString()).split("\\s+"));
        args = Cli.with(args, given.toArray(String[]::new));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.out() + o.err());
        assertEquals("iwae: error: " + expected.replace("DIR", dir.toString()), o.firstErr());
        assertEquals("", o.out(), "nothing measured");
        assertFalse(Files.exists(tmp.resolve("bench.json")));
    }

    @ParameterizedTest(name = "demo {0}")
    @CsvSource(delimiter = '|', value = {
        "--eval-k 0             | --eval-k must be at least 1, got 0",
        "--eval-k -4            | --eval-k must be at least 1, got -4",
        "--eval-limit -1        | --eval-limit must be 0 (all) or more, got -1",
        "--epochs 0             | --epochs must be at least 1, got 0",
        "--latent2-epochs -1    | --latent2-epochs must be at least 0, got -1",
    })
    void demoOptionsAreCheckedBeforeAnyTraining(String options, String expected) {
        Path out = tmp.resolve("demo");
        List<String> args = new ArrayList<>(List.of("demo", "--epochs", "1", "--eval-limit", "10", "--latent2-epochs",
                "0", "--quiet", "--out", out.toString()));
        args = Cli.with(args, options.trim().split("\\s+"));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals("iwae: error: " + expected, o.firstErr());
        assertFalse(Files.exists(out), "nothing trained or written");
    }

    @ParameterizedTest(name = "score {0}")
    @CsvSource(delimiter = '|', value = {
        "an existing directory as --out | --out DIR: cannot write (it is a directory)",
        "an input of another image size | --input npz:SMALL: its images have 9 pixels (3x3), the model of RUN takes 16",
        "--k 0                          | --k must be at least 1, got 0",
        "--limit -2                     | --limit must be 0 (all) or more, got -2",
    })
    void scoreRefusesBeforeScoring(String name, String expected) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path good = Cli.npz(tmp.resolve("good.npz"), 40, 4, 5);
        Path small = Cli.npz(tmp.resolve("small.npz"), 40, 3, 5);
        Path dir = Files.createDirectories(tmp.resolve("existing"));
        Path csv = tmp.resolve("scores.csv");
        List<String> args = new ArrayList<>(List.of("score", run.toString(), "--input", "npz:" + good, "--k", "2",
                "--quiet", "--out", csv.toString()));
        switch (name.trim()) {
            case "an existing directory as --out" -> args = Cli.with(args, "--out", dir.toString());
            case "an input of another image size" -> args.addAll(List.of("--input", "npz:" + small));
            default -> args = Cli.with(args, name.trim().split("\\s+"));
        }
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals("iwae: error: " + expected.trim().replace("DIR", dir.toString()).replace("SMALL", small.toString())
                .replace("RUN", run.toString()), o.firstErr());
        assertEquals("", o.out(), "nothing scored");
        assertFalse(Files.exists(csv));
        assertFalse(Files.exists(run.resolve("scores.csv")));
    }

    @Test
    void scoreWithThreeInputsGivesTheAurocOfTheFirstAgainstEachOther() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        List<String> args = new ArrayList<>(List.of("score", run.toString(), "--k", "2", "--quiet"));
        for (int i = 0; i < 3; i++) {
            args.addAll(List.of("--input", "npz:" + Cli.npz(tmp.resolve("in" + i + ".npz"), 40, 4, 10 + i)));
        }
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        List<String> auroc = o.out().lines().filter(l -> l.startsWith("AUROC")).toList();
        assertEquals(2, auroc.size(), o.out());
        assertTrue(auroc.get(0).contains("in0.npz (in-distribution) against npz:" + tmp.resolve("in1.npz")), auroc.get(0));
        assertTrue(auroc.get(1).contains("in0.npz (in-distribution) against npz:" + tmp.resolve("in2.npz")), auroc.get(1));
    }
}
