package org.iwae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.iwae4j.data.Datasets;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.testing.Chromium;
import org.iwae4j.testing.TinyGrid;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment page's figures and page, from a partial grid of real tiny runs (TinyGrid). */
class ExperimentPageTest {
    static TinyGrid.Grid grid;

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        grid = TinyGrid.shared();
    }

    /** The grid's cells as if they were MNIST's (the data is a toy; the paper lines depend on the name only). */
    static List<GridCell> asMnist() {
        return grid.cells().stream().map(c -> new GridCell(c.id(), "mnist", c.layers(), c.model(), c.k(), c.seed(),
                c.state(), c.epochs(), c.test(), c.pruned())).toList();
    }

    static GridCell cell(String id) {
        return grid.cells().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** Mean, min and max of a measure over the cells. */
    static double[] spread(ToDoubleFunction<GridCell> value, String... ids) {
        double[] v = java.util.Arrays.stream(ids).map(ExperimentPageTest::cell).mapToDouble(value).toArray();
        return new double[] {java.util.Arrays.stream(v).average().orElseThrow(),
            java.util.Arrays.stream(v).min().orElseThrow(), java.util.Arrays.stream(v).max().orElseThrow()};
    }

    static int series(JFreeChart chart, String key) {
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) chart.getXYPlot().getDataset();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            if (data.getSeriesKey(s).equals(key)) {
                return s;
            }
        }
        return -1;
    }

    /** {x, y, low, high} of item i of the series named key. */
    static double[] item(JFreeChart chart, String key, int i) {
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) chart.getXYPlot().getDataset();
        int s = series(chart, key);
        assertTrue(s >= 0, "no series " + key);
        return new double[] {data.getXValue(s, i), data.getYValue(s, i), data.getStartYValue(s, i), data.getEndYValue(s, i)};
    }

    static int items(JFreeChart chart, String key) {
        int s = series(chart, key);
        return s < 0 ? 0 : ((YIntervalSeriesCollection) chart.getXYPlot().getDataset()).getItemCount(s);
    }

    static String subtitle(JFreeChart chart) {
        return ((TextTitle) chart.getSubtitle(chart.getSubtitleCount() - 1)).getText();
    }

    @Test
    void nllPanelShowsTheMeanAndRangeOverSeedsThePrunedModelAndThePapersLines() {
        JFreeChart chart = KChart.nll("mnist", 1, asMnist());
        // k=1 is the VAE's and the IWAE's first point; k=50 is not done yet.
        double[] k1 = spread(c -> c.test().nll(), "L1-vae-k1-s1", "L1-vae-k1-s2");
        for (String line : List.of("VAE", "IWAE")) {
            assertEquals(2, items(chart, line), line);
            assertEquals(1, item(chart, line, 0)[0]);
            assertEquals(k1[0], item(chart, line, 0)[1], 1e-12);
            assertEquals(k1[1], item(chart, line, 0)[2], 1e-12);
            assertEquals(k1[2], item(chart, line, 0)[3], 1e-12);
        }
        double[] iwae5 = spread(c -> c.test().nll(), "L1-iwae-k5-s1", "L1-iwae-k5-s2");
        assertEquals(5, item(chart, "IWAE", 1)[0]);
        assertEquals(iwae5[0], item(chart, "IWAE", 1)[1], 1e-12);
        assertEquals(spread(c -> c.test().nll(), "L1-vae-k5-s1", "L1-vae-k5-s2")[0], item(chart, "VAE", 1)[1], 1e-12);
        assertEquals(spread(c -> c.pruned().nll(), "L1-iwae-k5-s1", "L1-iwae-k5-s2")[0],
                item(chart, "IWAE, inactive units removed", 1)[1], 1e-12);
        // The paper's three points per bound, k = 1, 5, 50.
        assertEquals(3, items(chart, "IWAE, paper (3,280 epochs)"));
        assertEquals(86.76, item(chart, "IWAE, paper (3,280 epochs)", 0)[1]);
        assertEquals(85.54, item(chart, "IWAE, paper (3,280 epochs)", 1)[1]);
        assertEquals(84.78, item(chart, "IWAE, paper (3,280 epochs)", 2)[1]);
        assertEquals(86.35, item(chart, "VAE, paper (3,280 epochs)", 2)[1]);
        String subtitle = subtitle(chart);
        assertTrue(subtitle.startsWith("mean of 2 seeds, bars: min–max over seeds"), subtitle);
        assertTrue(subtitle.endsWith("not done yet: IWAE k=50 s1, IWAE k=50 s2"), subtitle);

        JFreeChart user = KChart.nll(grid.dataset(), 1, grid.cells());
        assertEquals(-1, series(user, "VAE, paper (3,280 epochs)"), "no paper line for user data");
        assertEquals(2, items(user, "VAE"));
    }

    @Test
    void withOneSeedTheBarIsTheStandardErrorAndRunningConfigurationsArePending() {
        JFreeChart chart = KChart.nll("mnist", 2, asMnist());
        GridCell vae = cell("L2-vae-k1-s1");
        assertEquals(vae.test().nll(), item(chart, "VAE", 0)[1]);
        assertEquals(vae.test().nll() - vae.test().stderr(), item(chart, "VAE", 0)[2], 1e-12);
        assertEquals(vae.test().nll() + vae.test().stderr(), item(chart, "VAE", 0)[3], 1e-12);
        assertEquals(1, items(chart, "IWAE"), "IWAE k=5 is still running");
        assertEquals(82.90, item(chart, "IWAE, paper (3,280 epochs)", 2)[1]);
        assertEquals("bars: ± 1 s.e. over test images; not done yet: IWAE k=5", subtitle(chart));
    }

    @Test
    void unitsPanelCountsActiveUnitsBesideThePapers() {
        JFreeChart chart = KChart.units("mnist", 1, asMnist());
        double[] iwae5 = spread(c -> c.test().activeUnits(), "L1-iwae-k5-s1", "L1-iwae-k5-s2");
        assertEquals(iwae5[0], item(chart, "IWAE", 1)[1], 1e-12);
        assertEquals(iwae5[1], item(chart, "IWAE", 1)[2], 1e-12);
        assertEquals(iwae5[2], item(chart, "IWAE", 1)[3], 1e-12);
        assertEquals(19, item(chart, "IWAE, paper (3,280 epochs)", 0)[1]);
        assertEquals(25, item(chart, "IWAE, paper (3,280 epochs)", 2)[1]);
        assertEquals(16 + 5, item(KChart.units("mnist", 2, asMnist()), "VAE, paper (3,280 epochs)", 0)[1],
                "two layers: the paper's units of both layers");
        assertEquals(-1, series(chart, "IWAE, inactive units removed"), "only the NLL panel has the pruned model");
    }

    @Test
    void curvesAverageTheSeedsPerEpochAndShowRunningConfigurationsSoFar() {
        List<GridCell> oneLayer = grid.cells().stream().filter(c -> c.layers() == 1).toList();
        JFreeChart chart = GridCurvesChart.bounds("one layer", oneLayer);
        for (int epoch = 1; epoch <= 2; epoch++) {
            int e = epoch - 1;
            ToDoubleFunction<GridCell> train = c -> c.epochs().get(e).trainBound();
            double[] vae5 = spread(train, "L1-vae-k5-s1", "L1-vae-k5-s2");
            double[] got = item(chart, "VAE k=5 train", e);
            assertEquals(epoch, got[0]);
            assertEquals(vae5[0], got[1], 1e-12);
            assertEquals(vae5[1], got[2], 1e-12);
            assertEquals(vae5[2], got[3], 1e-12);
            ToDoubleFunction<GridCell> validation = c -> c.epochs().get(e).valBound();
            assertEquals(spread(validation, "L1-iwae-k5-s1", "L1-iwae-k5-s2")[0], item(chart, "IWAE k=5 validation", e)[1],
                    1e-12);
        }
        assertEquals(-1, series(chart, "IWAE k=50 train"), "nothing trained yet");
        JFreeChart twoLayers = GridCurvesChart.bounds("two layers",
                grid.cells().stream().filter(c -> c.layers() == 2).toList());
        assertEquals(1, items(twoLayers, "IWAE k=5 train"), "the running configuration's one epoch");
    }

    @Test
    void transferPanelsShowBothStagesBesideThePaperAndTheSecondStageAfterTheFirst() {
        GridCell first = cell("L1-vae-k1-s1");
        GridCell second = cell("L1-iwae-k5-s1");
        Transfer done = new Transfer("VAE → IWAE", first, second, new double[] {86.76, 19, 84.88, 22});
        Transfer half = new Transfer("IWAE → VAE", cell("L1-iwae-k5-s2"), cell("L1-iwae-k50-s1"), null);
        JFreeChart nll = TransferChart.nll(List.of(done, half));
        assertEquals(first.test().nll(), item(nll, "VAE → IWAE", 0)[1]);
        assertEquals(second.test().nll(), item(nll, "VAE → IWAE", 1)[1]);
        assertEquals(second.test().nll() + second.test().stderr(), item(nll, "VAE → IWAE", 1)[3], 1e-12);
        assertEquals(84.88, item(nll, "VAE → IWAE, paper", 1)[1]);
        assertEquals(1, items(nll, "IWAE → VAE"), "its second stage is not done");
        assertEquals(-1, series(nll, "IWAE → VAE, paper"));
        assertTrue(subtitle(nll).endsWith("not done yet: L1-iwae-k50-s1"), subtitle(nll));
        JFreeChart units = TransferChart.units(List.of(done));
        assertEquals(second.test().activeUnits(), item(units, "VAE → IWAE", 1)[1]);
        assertEquals(22, item(units, "VAE → IWAE, paper", 1)[1]);
        JFreeChart curves = TransferChart.curves(List.of(done));
        List<EpochMetrics> firstEpochs = first.epochs();
        assertEquals(firstEpochs.size() + 1.0, item(curves, "VAE → IWAE, second stage train", 0)[0],
                "the second stage starts after the first");
        assertEquals(second.epochs().get(0).trainBound(), item(curves, "VAE → IWAE, second stage train", 0)[1]);
    }

    @Test
    void pageEmbedsTheFiguresWritesThePngsAndLinksEachDoneRowToItsReport() throws Exception {
        List<String> log = new ArrayList<>();
        ExperimentPage.Table table = table(grid.cells());
        Path page = ExperimentPage.write(grid.out(), "table1", table, grid.cells(), List.of(),
                name -> Datasets.byName(name).load(grid.dataDir()), log::add);
        String html = Files.readString(page);
        String prefix = Datasets.fileName(grid.dataset());
        for (String kind : List.of("nll", "units", "curves")) {
            BufferedImage png = ImageIO.read(grid.out().resolve("table1-figures/" + prefix + "-" + kind + ".png").toFile());
            assertNotNull(png, kind);
            assertEquals(2 * ExperimentPage.PANEL_WIDTH, png.getWidth(), kind + ": a panel per number of layers");
        }
        assertEquals(3, html.split("data:image/png;base64,", -1).length - 1, "three embedded figures");
        for (GridCell c : grid.cells()) {
            Path report = grid.out().resolve(ExperimentPage.REPORTS).resolve(c.id()).resolve("index.html");
            assertEquals(c.done(), Files.exists(report), c.id() + ": " + log);
            assertEquals(c.done(), html.contains("href=\"reports/" + c.id() + "/index.html\""), c.id());
        }
        assertTrue(html.contains("<tr class=pending>"), "pending rows are marked");
        assertTrue(html.contains("<tr class=running>"));
        assertTrue(html.contains("7 of 10 configurations done, 1 running, 2 pending"), html);

        // Written again: the reports are up to date and are not made again.
        log.clear();
        ExperimentPage.write(grid.out(), "table1", table, grid.cells(), List.of(),
                name -> Datasets.byName(name).load(grid.dataDir()), log::add);
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void pageRendersInHeadlessChromiumWithEveryImageAndNoConsoleErrors() throws Exception {
        String chromium = Chromium.find();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
        Path page = ExperimentPage.write(grid.out(), "browser", table(asMnist()), asMnist(), List.of(),
                name -> Datasets.byName(grid.dataset()).load(grid.dataDir()), line -> {});
        Chromium.Rendered rendered = Chromium.render(chromium, page, tmp.resolve("browser"));
        assertEquals(3, rendered.images(), "NLL, active units, curves");
        assertEquals(0, rendered.broken(), "broken images");
        assertEquals(grid.cells().size(), rendered.rows(), "rows of the table");
        assertEquals(7, rendered.links(), "a report link per done configuration");
        assertTrue(rendered.console().isEmpty(), "console messages: " + rendered.console());
        // A linked report renders too.
        Chromium.Rendered report = Chromium.render(chromium,
                grid.out().resolve(ExperimentPage.REPORTS).resolve("L1-iwae-k5-s1").resolve("index.html"),
                tmp.resolve("report-browser"));
        assertEquals(0, report.broken());
        assertTrue(report.images() >= 5, "curves and the run's plots: " + report.images());
        assertTrue(report.console().isEmpty(), "console messages: " + report.console());
    }

    /** The page's table: one row per cell, its NLL and state. */
    static ExperimentPage.Table table(List<GridCell> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (GridCell c : cells) {
            rows.add(List.of(c.id(), c.done() ? String.valueOf(c.test().nll()) : "–", c.state()));
        }
        return new ExperimentPage.Table("Tiny grid", List.of("configuration", "test NLL", "state"), rows,
                cells.stream().map(c -> List.of(c.id())).toList(), "A note.");
    }

    @Test
    void aTableWithoutFiguresHasNoEmptyFigureSection() {
        String html = ExperimentPage.html(table(grid.cells()), null, "", Map.of());
        assertFalse(html.contains("<h2>"));
        assertFalse(html.contains("href="), "no reports, no links");
    }
}
