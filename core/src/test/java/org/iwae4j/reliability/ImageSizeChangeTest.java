package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 6 of issue 17: data whose image size differs from the model's is refused in one line
 * before anything is written even with --accept-changed-data (which accepts other images, not
 * another model); without it, DataCheckTest's "another size" cases are refused on the digests.
 */
class ImageSizeChangeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --resume --out RUN --epochs 2 --accept-changed-data",
        "train --resume --out RUN --epochs 5 --accept-changed-data",
        "plot units RUN --accept-changed-data",
        "eval RUN --k 2 --accept-changed-data",
        "plot samples RUN --accept-changed-data",
    })
    void anotherImageSizeIsRefusedBeforeAnythingIsWritten(String command) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);           // 4x4 images from tmp/toy.npz
        Cli.npz(tmp.resolve("toy.npz"), 40, 3, 1);       // the same file now holds 3x3 images
        Map<String, byte[]> before = contents(run);
        List<String> args = new ArrayList<>();
        for (String word : command.trim().split("\\s+")) {
            args.add(word.replace("RUN", run.toString()));
        }
        args.add("--data-dir");
        args.add(tmp.toString());
        if (!args.get(0).equals("plot")) {
            args.add("--quiet");
        }
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals("iwae: error: npz:" + tmp.resolve("toy.npz") + ": its train images are 3x3 (9 pixels), the run's"
                + " model takes 16: data of another image size cannot be used with this run", o.firstErr());
        assertFalse(o.err().contains("\tat "), o.err());
        Map<String, byte[]> after = contents(run);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " unchanged");
        }
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
