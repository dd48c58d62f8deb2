package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.iwae4j.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class 4 of issue 17: `experiment table2 --out` on real Table 1 output reuses Table 1's runs as
 * its first stages (not a byte of them changes), as the README documents; a Table 2 that would
 * need other first stages is refused in one line before Spark starts.
 */
class Table2ReuseTest {
    @TempDir
    Path tmp;

    @Test
    void table2OnTable1sDirectoryReusesItsRunsAsFirstStages() throws Exception {
        String data = TinyExperiments.dataset(tmp, 40);
        Path out = tmp.resolve("table1");
        List<String> common = List.of("--epochs", "1", "--eval-k", "5", "--parallel", "2", "--threads", "1",
                "--attempts", "1", "--data-dir", tmp.toString(), "--out", out.toString());
        ExperimentInputTest.Outcome table1 = ExperimentInputTest.run(with(List.of("experiment", "table1",
                "--datasets", data), common));
        assertEquals(0, table1.code(), table1.err());
        Configuration vae = Grid.paper(data, 1, "vae", 1, 1, 1, 1, "adam");
        Configuration iwae = Grid.paper(data, 1, "iwae", 50, 1, 1, 1, "adam");
        Map<String, byte[]> before = contents(out, vae, iwae);
        byte[] definition = Files.readAllBytes(out.resolve("experiment.json"));

        // other first stages than Table 1 trained: refused, nothing written
        ExperimentInputTest.Outcome other = ExperimentInputTest.run(with(List.of("experiment", "table2", "--dataset",
                data, "--transfer-epochs", "1"), with(common, "--epochs", "2")));
        assertEquals(2, other.code(), other.err());
        assertTrue(other.firstErr().startsWith("iwae: error: " + out + " holds table1, 10 configurations, 1 epochs,"
                + " eval k=5, whose runs this table2 would reuse, but "), other.firstErr());
        assertTrue(other.firstErr().endsWith("give the same --epochs, --optimizer and --eval-* options, or choose"
                + " another --out"), other.firstErr());
        assertFalse(Files.exists(out.resolve("experiment-table2.json")));

        ExperimentInputTest.Outcome table2 = ExperimentInputTest.run(with(List.of("experiment", "table2", "--dataset",
                data, "--transfer-epochs", "1"), common));
        assertEquals(0, table2.code(), table2.err());
        Map<String, byte[]> after = contents(out, vae, iwae);
        assertEquals(before.keySet(), after.keySet(), "Table 1's runs reused, nothing added to them");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " unchanged"));
        assertArrayEquals(definition, Files.readAllBytes(out.resolve("experiment.json")));
        assertTrue(Files.exists(out.resolve("experiment-table2.json")));
        for (Configuration first : List.of(vae, iwae)) {
            ConfigurationTask.Outcome o = Json.read(out.resolve(first.id()).resolve(ConfigurationTask.OUTCOME),
                    ConfigurationTask.Outcome.class);
            assertTrue(Files.readString(out.resolve("table2.md")).contains(String.format(Locale.ROOT, "%.2f ± %.2f",
                    o.test().nll(), o.test().stderr())), "Table 1's number in Table 2");
        }
        assertTrue(Files.exists(out.resolve(vae.id() + "-then-iwae-k50").resolve(ConfigurationTask.OUTCOME)));
        assertTrue(Files.exists(out.resolve(iwae.id() + "-then-vae-k1").resolve(ConfigurationTask.OUTCOME)));
        String status = ExperimentInputTest.run(List.of("experiment", "status", out.toString())).out();
        assertTrue(status.contains("table1, 10 configurations") && status.contains("table2, 4 configurations"), status);
        assertTrue(status.contains("4 done, 0 running, 0 failed, 0 pending"), status);
    }

    private static List<String> with(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return all;
    }

    private static List<String> with(List<String> args, String option, String value) {
        List<String> all = new ArrayList<>(args);
        all.set(all.indexOf(option) + 1, value);
        return all;
    }

    private static Map<String, byte[]> contents(Path out, Configuration... configurations) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        for (Configuration c : configurations) {
            try (Stream<Path> walk = Files.walk(out.resolve(c.id()))) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(out.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }
}
