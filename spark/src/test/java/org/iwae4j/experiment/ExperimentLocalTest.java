package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iwae4j.common.Json;
import org.iwae4j.run.EvalResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny grid through Spark local mode: tables, concurrency, failures, resume. */
class ExperimentLocalTest {
    @TempDir
    Path tmp;

    @Test
    void twoConcurrentConfigurationsGiveTheNumbersOfEachAloneAndTheTableMatchesTheirEvaluations() throws Exception {
        String data = TinyExperiments.dataset(tmp, 200);
        Configuration vae = TinyExperiments.config(data, "vae", 1, 1);
        Configuration iwae = TinyExperiments.config(data, "iwae", 5, 1);
        Configuration broken = new Configuration("broken", vae.config().dataset("npz:" + tmp.resolve("missing.npz")),
                null);
        List<List<Configuration>> grid = TinyExperiments.chains(vae, iwae, broken);
        Path together = tmp.resolve("together");
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<TaskRunner.Result> results = SparkExperiment.run(
                SparkExperiment.specs(grid, together, tmp, 50, 0, 1, 1, TinyExperiments.local(3)),
                TinyExperiments.local(3), together, log);
        Map<String, String> states = new java.util.HashMap<>();
        results.forEach(r -> states.put(r.id(), r.state()));
        assertEquals(Map.of(vae.id(), "done", iwae.id(), "done", "broken", "failed"), states);
        Status.Entry failed = Status.of(together, broken);
        assertEquals("failed", failed.state());
        assertTrue(failed.error().contains("missing.npz"), failed.error());

        for (Configuration alone : List.of(vae, iwae)) {
            Path out = tmp.resolve("alone-" + alone.config().model());
            SparkExperiment.run(SparkExperiment.specs(TinyExperiments.chains(alone), out, tmp, 50, 0, 1, 1,
                    TinyExperiments.local(1)), TinyExperiments.local(1), out, log);
            for (String name : List.of("test", "test-pruned")) {
                EvalResult a = TinyExperiments.eval(together, alone, name);
                EvalResult b = TinyExperiments.eval(out, alone, name);
                assertEquals(a.nll(), b.nll(), 0.0, alone.id() + " " + name);
                assertEquals(a.stderr(), b.stderr(), 0.0);
                assertEquals(a.activeUnits(), b.activeUnits());
                assertArrayEquals(TinyExperiments.logPx(together, alone, name), TinyExperiments.logPx(out, alone, name));
            }
        }

        Tables.Table table = Tables.table1(together, grid, 50, 0);
        Tables.write(together, "table1", table);
        for (Configuration c : List.of(vae, iwae)) {
            EvalResult test = TinyExperiments.eval(together, c, "test");
            EvalResult pruned = TinyExperiments.eval(together, c, "test-pruned");
            List<String> row = table.rows().stream().filter(r -> r.get(0).equals(c.config().dataset()) && r.get(3).equals(String.valueOf(c.config().k())))
                    .findFirst().orElseThrow();
            assertEquals(String.format(Locale.ROOT, "%.2f", test.nll()), row.get(6));
            assertEquals(String.format(Locale.ROOT, "%.2f", test.stderr()), row.get(7));
            assertEquals(test.activeUnits() + " / " + test.latentUnits(), row.get(8));
            assertEquals(String.format(Locale.ROOT, "%.2f", pruned.nll()), row.get(9));
            assertEquals("done", row.get(13));
        }
        assertTrue(Files.readString(together.resolve("table1.md")).contains("| failed |"));
        assertTrue(Files.readString(together.resolve("table1.html")).contains("<table>"));
        assertEquals(3, ((List<?>) Json.read(together.resolve("table1.json"), Map.class).get("rows")).size());

        // The page as `experiment status DIR --html` writes it from the directory alone: figures, reports of the done.
        SparkExperiment.recordDefinition(together, new SparkExperiment.Definition("table1", grid, 50, 0, 1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, ExperimentMain.execute(new String[] {"experiment", "status", together.toString(), "--html",
            "--data-dir", tmp.toString()}, new PrintWriter(out, true), new PrintWriter(err, true)), err::toString);
        String page = Files.readString(together.resolve("table1.html"));
        for (Configuration c : List.of(vae, iwae)) {
            assertTrue(Files.exists(together.resolve("reports").resolve(c.id()).resolve("index.html")), c.id());
            assertTrue(page.contains("href=\"reports/" + c.id() + "/index.html\""), c.id());
        }
        assertTrue(page.contains("<tr class=failed>"), "the broken configuration's row is marked");
        assertTrue(Files.exists(together.resolve("table1-figures/npz-toy-nll.png")));
        assertTrue(Files.exists(together.resolve("table1-figures/npz-missing-units.png")), "its dataset's panels too");
        assertEquals(6, page.split("data:image/png;base64,", -1).length - 1, "three figures per dataset, two datasets");

        // Again: nothing to redo for the done ones; the failed one is tried again and fails again.
        List<TaskRunner.Result> again = SparkExperiment.run(
                SparkExperiment.specs(grid, together, tmp, 50, 0, 1, 1, TinyExperiments.local(2)),
                TinyExperiments.local(2), together, log);
        assertEquals(1, again.size());
        assertEquals("broken", again.get(0).id());
        assertEquals("failed", again.get(0).state());
    }
}
