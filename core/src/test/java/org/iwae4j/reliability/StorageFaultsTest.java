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
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 3 of issue 12: destinations are checked before the long computation, and I/O failures are
 * one line naming the path and the reason, exit 2. The tests run as root in CI, where a chmod'ed
 * directory stops nobody; they use what really fails for root too: a directory where a file
 * should be, a regular file where a directory should be, sysfs and procfs (no file creation even
 * for root), an immutable directory (chattr +i) and a full tmpfs (both where the machine allows
 * them; skipped otherwise).
 */
class StorageFaultsTest {
    @TempDir
    Path tmp;

    /**
     * Each case runs on a run whose only checkpoint is corrupt: an error about the destination,
     * not about the checkpoint, shows that the destination was checked first.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "export        | --out DIR                      | DIR: cannot write (it is a directory)",
        "export        | --out FILE/weights.npz         | FILE/weights.npz: cannot write (",
        "export        | --out /sys/iwae4j-weights.npz  | /sys/iwae4j-weights.npz: cannot write (",
        "export        | --out /proc/iwae4j/weights.npz | /proc/iwae4j/weights.npz: cannot write (",
        "plot samples  | --out /sys/iwae4j-plots        | /sys/iwae4j-plots/samples.png: cannot write (",
        "plot units    | --out FILE                     | FILE/units.png: cannot write (",
        "eval          | --k 2                          | RUN/eval-test.json: cannot write (it is a directory)",
    })
    void anUnwritableDestinationIsRefusedBeforeTheWork(String command, String options, String expected)
            throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path ckpt = run.resolve("checkpoints/epoch-000001.ckpt");
        Files.write(ckpt, new byte[] {1, 2, 3});
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Files.createDirectories(run.resolve("eval-test.json")); // a directory where eval writes its result
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(args.get(0).equals("plot") ? 2 : 1, run.toString());
        for (String o : options.trim().split("\\s+")) {
            args.add(o.replace("DIR", dir.toString()).replace("FILE", file.toString()));
        }
        args.add("--quiet");
        args.removeIf(a -> a.equals("--quiet") && !command.equals("eval"));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        String line = o.firstErr();
        String want = "iwae: error: " + expected.replace("DIR", dir.toString()).replace("FILE", file.toString())
                .replace("RUN", run.toString());
        assertTrue(line.startsWith(want), "expected '" + want + "' in: " + line);
        assertFalse(o.err().contains("\tat "), o.err());
        assertFalse(o.err().contains("internal error"), o.err());
    }

    @Test
    void evalOnAnImmutableRunDirectoryIsRefusedBeforeComputing() throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        assumeTrue(run(List.of("chattr", "+i", run.toString())), "chattr +i is not available here");
        try {
            Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--quiet");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.firstErr().startsWith("iwae: error: " + run.resolve("eval-test.json") + ": cannot write ("),
                    o.err());
            assertTrue(o.firstErr().contains("Operation not permitted"), o.err());
        } finally {
            run(List.of("chattr", "-i", run.toString()));
        }
    }

    @Test
    void aFullDiskDuringACheckpointIsOneLineNamingTheFile() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        assumeTrue(run(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())),
                "cannot mount a small tmpfs here");
        try {
            Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
            Path out = mount.resolve("run");
            // 64 hidden units: a checkpoint of ~130 kB, more than the 64 kB file system holds
            List<String> args = Cli.with(Cli.tinyTrain(npz, out, 1), "--hidden", "64");
            Cli.Outcome o = Cli.run(args.toArray(String[]::new));
            assertEquals(2, o.code(), o.err());
            // the first checkpoint an epoch writes is the best one (epoch 1 is the best so far)
            assertTrue(o.firstErr().startsWith("iwae: error: " + out.resolve("checkpoints/best.ckpt")
                    + ": cannot write (No space left on device"), o.err());
            assertFalse(o.err().contains("\tat "), o.err());
            try (var files = Files.list(out.resolve("checkpoints"))) {
                assertEquals(List.of(), files.toList(), "no temporary left behind");
            }
        } finally {
            run(List.of("umount", mount.toString()));
        }
    }

    private static boolean run(List<String> command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
