package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.iwae4j.common.Torch;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table 2 through Spark local mode: each first stage continued under the other bound, Adam's state carried over. */
class Table2Test {
    @TempDir
    Path tmp;

    @Test
    void secondStagesContinueTheFirstStagesWithTheirOptimizerState() throws Exception {
        String data = TinyExperiments.dataset(tmp, 100);
        List<List<Configuration>> chains = Grid.table2(data, 1, 1, 2, 1e-4, 1, "burda");
        Path out = tmp.resolve("t2");
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<TaskRunner.Result> results = SparkExperiment.run(
                SparkExperiment.specs(chains, out, tmp, 20, 0, 1, 1, TinyExperiments.local(2)),
                TinyExperiments.local(2), out, log);
        assertEquals(4, results.size());
        assertTrue(results.stream().allMatch(r -> "done".equals(r.state())), results::toString);
        int steps = 100 / 20; // 100 training images, batch 20
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            for (List<Configuration> chain : chains) {
                Configuration first = chain.get(0);
                Configuration second = chain.get(1);
                assertEquals(second.continues(), first.id());
                long firstSteps = Checkpoint.read(RunDirectory.open(out.resolve(first.id())).checkpointFor(1), manager)
                        .state().adamStep();
                RunDirectory run = RunDirectory.open(out.resolve(second.id()));
                assertEquals(firstSteps, Checkpoint.read(run.checkpointFor(0), manager).state().adamStep());
                long after = Checkpoint.read(run.checkpointFor(2), manager).state().adamStep();
                assertEquals(steps, firstSteps);
                assertEquals(firstSteps + 2L * steps, after);
                assertEquals(1e-4, run.readRecord().config().learningRate());
            }
        }
        Tables.Table table = Tables.table2(out, chains, 20, 0);
        for (int i = 0; i < chains.size(); i++) {
            EvalResult firstEval = TinyExperiments.eval(out, chains.get(i).get(0), "test");
            EvalResult secondEval = TinyExperiments.eval(out, chains.get(i).get(1), "test");
            List<String> row = table.rows().get(i);
            assertEquals(String.format(Locale.ROOT, "%.2f ± %.2f", firstEval.nll(), firstEval.stderr()), row.get(2));
            assertEquals(String.format(Locale.ROOT, "%.2f", secondEval.nll()), row.get(5));
            assertEquals("done", row.get(12));
        }
        // Its page: the chains before and after, their curves, and each stage's report.
        Path page = ExperimentPages.write(out, "table2", table, chains, tmp, line -> {});
        String html = Files.readString(page);
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1, "the transfer panels and the chains' curves");
        assertTrue(Files.exists(out.resolve("table2-figures/transfer.png")));
        assertTrue(Files.exists(out.resolve("table2-figures/transfer-curves.png")));
        for (List<Configuration> chain : chains) {
            for (int stage = 0; stage < 2; stage++) {
                String link = "reports/" + chain.get(stage).id() + "/index.html";
                assertTrue(html.contains("<a href=\"" + link + "\">stage " + (stage + 1) + "</a>"), link);
                assertTrue(Files.exists(out.resolve(link)), link);
            }
        }
    }
}
