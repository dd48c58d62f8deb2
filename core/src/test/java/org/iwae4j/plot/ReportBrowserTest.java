package org.iwae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.testing.Chromium;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a real browser shows it: the table and every image rendered, no console errors. */
class ReportBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void everyImageAndTheTableRenderInChromium() throws Exception {
        String chromium = Chromium.find();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
        Path a = tmp.resolve("iwae-k3");
        Path b = tmp.resolve("latent2");
        TinyRuns.train(a, TinyRuns.config("iwae", 3, 1, 1));
        TinyRuns.train(b, TinyRuns.latent2("vae", 1, 2, 1));
        Path page = Report.write(List.of(a, b), tmp.resolve("report"), name -> TinyRuns.DATA, 1, line -> {});
        assertTrue(Files.exists(tmp.resolve("report/comparison.csv")));
        assertTrue(Files.exists(tmp.resolve("report/latent2/posterior.png")));

        Chromium.Rendered rendered = Chromium.render(chromium, page, tmp.resolve("browser"));
        int expectedImages = 1 + 5 + 7; // curves; 5 plots of the 3-D run; 7 of the 2-D run (with latent, posterior)
        assertEquals(expectedImages, rendered.images(), "images on the page");
        assertEquals(0, rendered.broken(), "broken images");
        assertEquals(2, rendered.rows(), "rows of the comparison table");
        assertTrue(rendered.console().isEmpty(), "console messages: " + rendered.console());
    }
}
