package org.iwae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.iwae4j.common.UserError;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every plot of real (tiny) trained runs: written, readable, of the expected size. */
class RunPlotsTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path run2d;

    @BeforeAll
    static void train() {
        run = tmp.resolve("iwae-k3");
        TinyRuns.train(run, TinyRuns.config("iwae", 3, 2, 1));
        run2d = tmp.resolve("latent2");
        TinyRuns.train(run2d, TinyRuns.latent2("iwae", 5, 30, 1));
    }

    static RunPlots open(Path dir) {
        return new RunPlots(dir, name -> TinyRuns.DATA, Optional.empty(), 1, w -> {});
    }

    /** Writes the image, reads the PNG back and checks its size. */
    static BufferedImage roundTrip(BufferedImage image, String name) throws Exception {
        Path file = Png.write(image, tmp.resolve("png").resolve(name + ".png"));
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(image.getWidth(), back.getWidth(), name);
        assertEquals(image.getHeight(), back.getHeight(), name);
        assertTrue(Files.size(file) > 200, name);
        return back;
    }

    /** Title 30 + rows of (4x4 images at scale 2 = 8 px) with 2 px gaps + 8 px margin. */
    private static int gridHeight(int rows, int headers) {
        return 30 + headers + rows * 8 + (rows - 1) * 2 + 8;
    }

    @Test
    void imageGridsHaveOneTilePerCell() throws Exception {
        try (RunPlots plots = open(run)) {
            assertEquals(gridHeight(3, 0), roundTrip(plots.samples(3), "samples").getHeight());
            // Toy data has two classes: two rows, with a header line.
            assertEquals(gridHeight(2, 22), roundTrip(plots.reconstructions(2), "reconstructions").getHeight());
            assertEquals(gridHeight(4, 22), roundTrip(plots.resampled(4, 10, 3), "resampled").getHeight());
            // 8 hidden units of q and of p, 10 per row: one row each.
            assertEquals(30 + gridHeight(1, 0), roundTrip(plots.filters(100), "filters").getHeight());
        }
    }

    @Test
    void chartsHaveTheRequestedSize() throws Exception {
        try (RunPlots plots = open(run)) {
            BufferedImage units = roundTrip(plots.units(0), "units");
            assertEquals(2 * 900, units.getWidth(), "two panels: variances and KL per unit");
            assertEquals(30 + 500, units.getHeight(), "under a title line");
        }
        BufferedImage curves = roundTrip(CurvesChart.render(List.of(
                new CurvesChart.Curve("a", org.iwae4j.run.MetricsLog.read(run.resolve("metrics.jsonl"))),
                new CurvesChart.Curve("b", org.iwae4j.run.MetricsLog.read(run2d.resolve("metrics.jsonl")))), 1000, 560),
                "curves");
        assertEquals(1000, curves.getWidth());
        assertEquals(560, curves.getHeight());
    }

    @Test
    void latentSpaceHasOnePanelPerCheckpoint() throws Exception {
        try (RunPlots plots = open(run2d)) {
            BufferedImage one = roundTrip(plots.latent(30, 0, false), "latent");
            assertEquals(30 + 420, one.getHeight());
            BufferedImage all = roundTrip(plots.latent(30, 10, true), "latent-epochs");
            assertEquals(3 * 480, all.getWidth()); // keep-checkpoints 3: three panels of 420 + 60 legend
        }
        try (RunPlots plots = open(run)) {
            UserError e = assertThrows(UserError.class, () -> plots.latent(30, 0, false));
            assertTrue(e.getMessage().contains("needs a 2-D latent space"), e.getMessage());
        }
    }

    @Test
    void posteriorQuadratureAgreesWithImportanceSampling() throws Exception {
        try (RunPlots plots = open(run2d)) {
            for (int index : new int[] {0, 1}) {
                RunPlots.Posterior result = plots.posterior(index, 500, 5000);
                assertEquals(result.logPxImportance(), result.logPxQuadrature(), 0.1,
                        "log p(x) of test image " + index + " by quadrature vs k=5000 importance sampling");
                BufferedImage image = roundTrip(result.image(), "posterior-" + index);
                assertEquals(30 + 340, image.getHeight());
                assertTrue(image.getWidth() >= 5 * 420, "input and five density panels");
            }
        }
    }

    @Test
    void resampledDrawsWithOneCandidateAreDrawsFromQ() {
        // k = 1 leaves nothing to choose: the index is always 0 whatever the weight.
        org.iwae4j.common.SeededRandom rng = new org.iwae4j.common.SeededRandom(3);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, ImportanceResampling.categorical(new float[] {-1e4f}, 1, 1, 0, rng));
        }
        // Weights 1:3 pick the second candidate about 3/4 of the time.
        int second = 0;
        for (int i = 0; i < 4000; i++) {
            second += ImportanceResampling.categorical(new float[] {0f, (float) Math.log(3)}, 2, 1, 0, rng);
        }
        assertEquals(0.75, second / 4000.0, 0.03);
    }
}
