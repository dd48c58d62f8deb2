package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 9 of issue 12: stderr carries only what the user must read. Real processes, because the
 * engine's C++ warnings bypass Java's System.err.
 */
class QuietStderrTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "resume extending the run    | train --resume --epochs 2",
        "eval of the resumed run     | eval --k 3",
        "export of the resumed run   | export",
    })
    void noEngineWarningsOnStderr(String name, String command) throws Exception {
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
        Path run = tmp.resolve("run");
        Cli.Outcome first = Cli.process(tmp, Cli.tinyTrain(npz, run, 1).toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Cli.Outcome resumed = Cli.process(tmp, "train", "--out", run.toString(), "--resume", "--epochs", "2", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        Cli.Outcome o = resumed;
        if (!command.startsWith("train")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add(1, run.toString());
            if (args.get(0).equals("eval")) {
                args.add("--quiet");
            }
            o = Cli.process(tmp, args.toArray(String[]::new));
            assertEquals(0, o.code(), o.err());
        }
        assertFalse(o.err().contains("Warning"), "stderr: " + o.err());
        assertFalse(o.err().contains("deprecated"), "stderr: " + o.err());
    }
}
