package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 4 of issue 12: only temporaries that are provably iwae4j's (its own name, held by no live
 * writer) are removed, by train, eval, export and plot alike; the user's files never.
 */
class TemporariesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} keeps the user''s {1}")
    @CsvSource(delimiter = '|', value = {
        "train --out DIR (new run) | .notes.tmp",
        "train --out DIR (new run) | checkpoints/.draft.tmp",
        "train --out DIR (new run) | .config.json.tmp",
        "train --resume            | .notes.tmp",
        "train --resume            | checkpoints/.epoch-000001.ckpt123.tmp",
        "eval                      | .eval-test.json123.tmp",
        "export                    | .weights.npz.tmp",
    })
    void theUsersFilesAreNeverRemoved(String command, String name) throws Exception {
        Path run = tmp.resolve("run");
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
        if (command.startsWith("train --out")) {
            Files.createDirectories(run.resolve("checkpoints"));
        } else {
            run = Cli.trainedNpzRun(tmp, 1);
        }
        Path users = run.resolve(name);
        Files.createDirectories(users.getParent());
        Files.writeString(users, "the user's own file");
        Cli.Outcome o = Cli.run(args(command, run, npz));
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(users), users + " was removed");
        assertEquals("the user's own file", Files.readString(users));
    }

    @ParameterizedTest(name = "{0} removes a stale temporary of its own")
    @CsvSource(delimiter = '|', value = {
        "train --resume | .iwae4j-config.json-1234.tmp",
        "train --resume | checkpoints/.iwae4j-epoch-000002.ckpt-1234.tmp",
        "eval           | .iwae4j-eval-test.json-1234.tmp",
        "export         | .iwae4j-weights.npz-1234.tmp",
        "plot samples   | plots/.iwae4j-samples.png-1234.tmp",
    })
    void staleTemporariesOfInterruptedWritesAreRemoved(String command, String name) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path stale = run.resolve(name);
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "half a file");
        Cli.Outcome o = Cli.run(args(command, run, tmp.resolve("toy.npz")));
        assertEquals(0, o.code(), o.err());
        assertFalse(Files.exists(stale), stale + " is left");
    }

    @Test
    void aTemporaryThatALiveWriterHoldsIsKept() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path held = run.resolve(AtomicFiles.TEMP_PREFIX + "eval-test.json-77" + AtomicFiles.TEMP_SUFFIX);
        Files.writeString(held, "being written");
        // Another process holds a POSIX lock on it, as a live iwae4j writer does.
        Process writer;
        try {
            writer = new ProcessBuilder("python3", "-c",
                    "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\n"
                            + "print('locked',flush=True)\ntime.sleep(60)", held.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 is not available");
            return;
        }
        try {
            String ready = new String(writer.getInputStream().readNBytes(6));
            assumeTrue(ready.equals("locked"), "python3 could not lock the file");
            List<Path> removed = AtomicFiles.removeStaleTemporaries(run);
            assertEquals(List.of(), removed);
            Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--quiet");
            assertEquals(0, o.code(), o.err());
            assertTrue(Files.exists(held), "a live writer's temporary was removed");
        } finally {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(held), AtomicFiles.removeStaleTemporaries(run), "stale once its writer is gone");
    }

    @Test
    void aLoadedModelSavedElsewhereCopiesItsCheckpointWholeAndLeavesNoTemporary() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path copy = tmp.resolve("copy");
        try (org.iwae4j.api.TrainedModel model = org.iwae4j.api.TrainedModel.load(run)) {
            model.save(copy);
        }
        Path ckpt = Path.of("checkpoints", "epoch-000001.ckpt");
        assertEquals(-1L, Files.mismatch(run.resolve(ckpt), copy.resolve(ckpt)));
        try (var files = Files.list(copy.resolve("checkpoints"))) {
            assertEquals(List.of(copy.resolve(ckpt)), files.toList());
        }
    }

    private static String[] args(String command, Path run, Path npz) {
        List<String> args = new ArrayList<>();
        if (command.startsWith("train --out")) {
            args.addAll(Cli.tinyTrain(npz, run, 1));
        } else if (command.equals("train --resume")) {
            args.addAll(List.of("train", "--resume", "--epochs", "2", "--out", run.toString(), "--quiet"));
        } else if (command.equals("eval")) {
            args.addAll(List.of("eval", run.toString(), "--k", "2", "--quiet"));
        } else if (command.equals("export")) {
            args.addAll(List.of("export", run.toString()));
        } else {
            args.addAll(List.of("plot", "samples", run.toString(), "--grid", "2"));
        }
        return args.toArray(String[]::new);
    }
}
