package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets exit code 2 and one line naming the problem, never a stack trace. */
class CliErrorsTest {
    @TempDir
    static Path tmp;

    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --k 0 --out RUNS/a                  | --k must be at least 1",
        "train --model wake-sleep --out RUNS/a     | unknown model 'wake-sleep'",
        "train --dataset cifar --out RUNS/a        | unknown dataset 'cifar'",
        "train --layers 3 --out RUNS/a             | --layers must be 1 or 2",
        "train --schedule cosine --out RUNS/a      | unknown schedule 'cosine'",
        "train --lr -1 --out RUNS/a                | --lr must be positive",
        "train --batch-size 0 --out RUNS/a         | --batch-size must be at least 1",
        "train --epochs 0 --out RUNS/a             | --epochs must be at least 1",
        "train --latent 2,2 --out RUNS/a           | --latent needs one size per stochastic layer",
        "train --resume                            | --resume needs --out",
        "train --resume --out RUNS/none            | no such run directory",
        "train --k five                            | Invalid value for option '--k'",
        "train --frobnicate                        | Unknown option: '--frobnicate'",
        "eval RUNS/none                            | no such run directory",
        "eval RUNS/empty                           | is not a run directory (no config.json)",
        "eval RUNS/empty --k 0                     | --k must be at least 1",
        "eval RUNS/empty --split holdout           | unknown split 'holdout'",
        "export RUNS/empty --format onnx           | unknown export format 'onnx'",
        "fetch cifar                               | unknown dataset 'cifar'",
        "train --threads -1 --out RUNS/a           | --threads must be 0 (auto) or more",
        "train --checkpoint-every 0 --out RUNS/a   | --checkpoint-every must be at least 1",
        "train --keep-checkpoints 0 --out RUNS/a   | --keep-checkpoints must be at least 1",
        "train --on-non-finite ignore --out RUNS/a | unknown non-finite policy 'ignore'",
        "train --epochs 4000 --schedule paper --out RUNS/a | exceeds the paper schedule's 3280 epochs",
        "train --hidden 0 --out RUNS/a             | hidden widths must be at least 1",
        "train --device tpu --out RUNS/a           | unknown device 'tpu'",
        "eval RUNS/empty --limit -1                | --limit must be 0 (all) or more",
        "eval RUNS/empty --rows-per-pass 0         | --rows-per-pass must be at least 1",
        "eval RUNS/badconfig                       | not a valid RunRecord file",
        "eval RUNS/noarch                          | not a valid run configuration",
        "export RUNS/badconfig                     | not a valid RunRecord file",
        "train --resume --out RUNS/badconfig       | not a valid RunRecord file",
        "bench --repeats 0                         | --repeats must be at least 1, got 0",
        "train --accept-changed-data --out RUNS/a  | --accept-changed-data applies to --resume only",
    })
    void badInputIsOneLineAndExitCodeTwo(String command, String expected) throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(tmp.resolve("badconfig"));
        Files.writeString(tmp.resolve("badconfig/config.json"), "{ this is not json");
        Files.createDirectories(tmp.resolve("noarch"));
        Files.writeString(tmp.resolve("noarch/config.json"), "{\"config\": null}");
        String[] args = command.replace("RUNS", tmp.toString()).trim().split("\\s+");
        Outcome o = run(args);
        assertEquals(2, o.code(), o.err());
        String firstLine = o.err().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("iwae: error: "), o.err());
        assertTrue(firstLine.contains(expected), "expected '" + expected + "' in: " + firstLine);
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(tmp.resolve("a")), "a failed command creates no run directory");
    }

    @ParameterizedTest
    @CsvSource({"train", "eval", "fetch", "export", "demo"})
    void everyCommandHasHelp(String command) {
        Outcome o = run(command, "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Usage: iwae " + command), o.out());
    }
}
