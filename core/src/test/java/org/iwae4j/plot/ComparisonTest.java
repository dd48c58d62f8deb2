package org.iwae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void paperNumbersAreTable1s() {
        assertEquals(86.76, PaperTable1.nll("mnist", 1, "vae", 1).getAsDouble());
        assertEquals(84.78, PaperTable1.nll("mnist", 1, "iwae", 50).getAsDouble());
        assertEquals(82.90, PaperTable1.nll("mnist", 2, "iwae", 50).getAsDouble());
        assertTrue(PaperTable1.nll("mnist", 1, "iwae", 7).isEmpty());
    }

    @Test
    void oneRowPerRunInMarkdownAndCsv() {
        Path a = tmp.resolve("vae-k1");
        Path b = tmp.resolve("iwae-k2");
        List<org.iwae4j.run.EpochMetrics> m = TinyRuns.train(a, TinyRuns.config("vae", 1, 2, 1));
        TinyRuns.train(b, TinyRuns.config("iwae", 2, 1, 1));
        Comparison table = Comparison.of(List.of(a, b));
        List<List<String>> rows = table.rows();
        assertEquals(List.of("vae-k1", "VAE", "reparam", "1", "1", "[3]", "2"), rows.get(0).subList(0, 7));
        assertEquals("–", rows.get(0).get(7), "no eval-test.json yet");
        assertEquals("–", rows.get(0).get(14), "a toy model is not in the paper's table");
        assertEquals("–", rows.get(0).get(15), "no warm-up");
        org.iwae4j.run.EpochMetrics best = m.get(0).valBound() >= m.get(1).valBound() ? m.get(0) : m.get(1);
        assertEquals(best.epoch() + " (" + String.format(java.util.Locale.ROOT, "%.2f", best.valBound()) + ")",
                rows.get(0).get(16), "the epoch with the best validation bound");
        String[] md = table.markdown().split("\n");
        assertEquals(4, md.length);
        assertTrue(md[0].startsWith("| run | bound | estimator | k |"), md[0]);
        String[] csv = table.csv().split("\r\n");
        assertEquals(3, csv.length);
        assertTrue(csv[0].contains("\"paper NLL (3,280 epochs)\""), csv[0]);
        assertTrue(csv[2].startsWith("iwae-k2,IWAE,reparam,2,1,[3],1,"), csv[2]);
    }
}
