package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plot and compare commands on tiny runs (those plots that need no dataset files). */
class PlotCliTest {
    @TempDir
    Path tmp;

    @Test
    void plotsPrintTheirPathAndCompareWritesCsv() {
        Path run = tmp.resolve("vae-k1");
        TinyRuns.train(run, TinyRuns.config("vae", 1, 2, 1));
        CliErrorsTest.Outcome o = CliErrorsTest.run("plot", "samples", run.toString(), "--grid", "4");
        assertEquals(0, o.code(), o.err());
        assertEquals(run.resolve("plots/samples.png").toString(), o.out().strip());
        assertTrue(Files.exists(run.resolve("plots/samples.png")));
        o = CliErrorsTest.run("plot", "filters", run.toString(), "--out", tmp.resolve("figs").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(tmp.resolve("figs/filters.png")));
        o = CliErrorsTest.run("plot", "curves", run.toString(), run.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(run.resolve("plots/curves.png")));
        o = CliErrorsTest.run("compare", run.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("| run | bound | estimator | k | layers |"), o.out());
        assertTrue(Files.exists(tmp.resolve("comparison.csv")));
    }

    @Test
    void aTwoDimensionalPlotOfAnotherModelIsOneLine() {
        Path run = tmp.resolve("run");
        TinyRuns.train(run, TinyRuns.config("vae", 1, 1, 1));
        CliErrorsTest.Outcome o = CliErrorsTest.run("plot", "posterior", run.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("iwae: error: this plot needs a 2-D latent space"), o.err());
        o = CliErrorsTest.run("plot", "samples", tmp.resolve("nothing").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("no such run directory"), o.err());
    }
}
