package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench writes its report through the command's writer, as every command does, so a caller can capture it. */
class BenchOutputTest {
    @TempDir
    Path tmp;

    @Test
    void theReportGoesToTheCommandsWriter() {
        Path json = tmp.resolve("bench.json");
        Cli.Outcome r = Cli.run("bench", "--eval-only", "--repeats", "1", "--seconds", "0.2", "--gemm-size", "64",
                "--eval-examples", "1", "--ais-steps", "0", "--no-native-calls", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("peak: GEMM 64^3 fp32"), r.out());
        assertTrue(r.out().contains("| eval k=5000 1L |"), r.out());
        assertTrue(r.out().matches("(?s).*evaluation path: \\S+ .*; [0-9.]+ examples and [0-9.]+ GFLOP per CPU-second.*"), r.out());
        assertTrue(r.out().contains("wrote " + json), r.out());
        assertTrue(Files.isRegularFile(json));
    }
}
