package org.iwae4j.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.run.RunDirectory;
import org.jfree.chart.JFreeChart;

/**
 * An experiment's page, NAME.html in its directory: the paper's story as pictures above the table
 * (Table 1: test NLL and active units against k, VAE beside IWAE, ours beside the paper's, and the
 * bounds per epoch; Table 2: each chain before and after its second stage), each row linked to its
 * configuration's own report (REPORTS/ID/index.html, made here when missing or older than the
 * configuration's evaluation). Images are embedded and also written as PNGs to NAME-figures/. A
 * partial grid shows what is done; the rest is marked as not done yet.
 */
public final class ExperimentPage {
    /** Where the per-configuration reports go, under the experiment's directory. */
    public static final String REPORTS = "reports";
    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 450;

    /** A table as shown: title, columns, rows of cells, per row the configurations it shows, note. */
    public record Table(String title, List<String> columns, List<List<String>> rows, List<List<String>> ids,
            String note) {}

    private ExperimentPage() {}

    /**
     * Writes OUT/NAME.html, OUT/NAME-figures/*.png and the missing per-configuration reports.
     *
     * @param transfers Table 2's chains (then its figures), or empty for Table 1's
     * @param datasets loads a dataset by name, for the reports
     * @param log hears of each report made or not made
     * @return the page
     */
    public static Path write(Path out, String name, Table table, List<GridCell> cells, List<Transfer> transfers,
            Function<String, DatasetSplits> datasets, Consumer<String> log) {
        Map<String, String> reports = reports(out, cells, datasets, log);
        Path page = out.resolve(name + ".html");
        AtomicFiles.writeString(page, html(table, summary(cells, out), figures(out, name + "-figures", cells, transfers),
                reports));
        return page;
    }

    /** The figures of the page, written as PNGs under OUT/DIR too. */
    static String figures(Path out, String dir, List<GridCell> cells, List<Transfer> transfers) {
        StringBuilder sb = new StringBuilder();
        if (!transfers.isEmpty()) {
            sb.append("<h2>The transfer: before and after the second stage</h2>\n");
            sb.append(row(out, dir + "/transfer.png", "Test NLL and active units before and after the second stage",
                    List.of(TransferChart.nll(transfers), TransferChart.units(transfers))));
            sb.append(row(out, dir + "/transfer-curves.png", "Bounds per epoch of the two chains",
                    List.of(TransferChart.curves(transfers))));
            return sb.toString();
        }
        for (String dataset : cells.stream().map(GridCell::dataset).distinct().toList()) {
            List<Integer> layers = cells.stream().filter(c -> c.dataset().equals(dataset)).map(GridCell::layers)
                    .distinct().sorted().toList();
            String file = dir + "/" + Datasets.fileName(dataset);
            sb.append("<h2>").append(Html.escape(dataset)).append("</h2>\n");
            sb.append(row(out, file + "-nll.png", dataset + ": test NLL against k",
                    layers.stream().map(l -> KChart.nll(dataset, l, cells)).toList()));
            sb.append(row(out, file + "-units.png", dataset + ": active units against k",
                    layers.stream().map(l -> KChart.units(dataset, l, cells)).toList()));
            sb.append(row(out, file + "-curves.png", dataset + ": bounds per epoch",
                    layers.stream().map(l -> GridCurvesChart.bounds(dataset + ", " + l
                            + (l == 1 ? " stochastic layer" : " stochastic layers") + ": bounds per epoch",
                            cells.stream().filter(c -> c.dataset().equals(dataset) && c.layers() == l).toList()))
                            .toList()));
        }
        return sb.toString();
    }

    private static String row(Path out, String file, String alt, List<JFreeChart> panels) {
        List<BufferedImage> images = panels.stream().map(p -> Charts.render(p, PANEL_WIDTH, PANEL_HEIGHT)).toList();
        return Report.figure(out, file, images.size() == 1 ? images.get(0) : Png.row(null, images), alt);
    }

    /** Done configurations' reports (made when missing or stale), by configuration id: their relative links. */
    static Map<String, String> reports(Path out, List<GridCell> cells, Function<String, DatasetSplits> datasets,
            Consumer<String> log) {
        Function<String, DatasetSplits> lastDataset = lastOnly(datasets);
        Map<String, String> links = new HashMap<>();
        List<GridCell> done = cells.stream().filter(GridCell::done).toList();
        for (int i = 0; i < done.size(); i++) {
            GridCell c = done.get(i);
            Path run = out.resolve(c.id());
            Path dir = out.resolve(REPORTS).resolve(c.id());
            Path index = dir.resolve("index.html");
            try {
                if (!isNewer(index, RunDirectory.open(run).evalFile("test"))) {
                    log.accept("experiment: report " + (i + 1) + "/" + done.size() + ": " + c.id());
                    Report.write(List.of(run), dir, lastDataset, 1, line -> {});
                }
                links.put(c.id(), REPORTS + "/" + c.id() + "/index.html");
            } catch (RuntimeException e) {
                log.accept("experiment: no report for " + c.id() + ": " + e.getMessage());
            }
        }
        return links;
    }

    /** Keeps the last dataset loaded: configurations come grouped by dataset, and one may be large. */
    private static Function<String, DatasetSplits> lastOnly(Function<String, DatasetSplits> datasets) {
        Map<String, DatasetSplits> last = new HashMap<>();
        return name -> {
            DatasetSplits d = last.get(name);
            if (d == null) {
                last.clear();
                d = datasets.apply(name);
                last.put(name, d);
            }
            return d;
        };
    }

    private static boolean isNewer(Path file, Path than) {
        try {
            if (!Files.exists(file) || !Files.exists(than)) {
                return false;
            }
            FileTime a = Files.getLastModifiedTime(file);
            return a.compareTo(Files.getLastModifiedTime(than)) >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "7 of 10 configurations done, 1 running, 2 pending." */
    static String summary(List<GridCell> cells, Path out) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : List.of("done", "running", "failed", "pending")) {
            counts.put(state, 0);
        }
        cells.forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        List<String> others = new ArrayList<>();
        counts.forEach((state, n) -> {
            if (!"done".equals(state) && n > 0) {
                others.add(n + " " + state);
            }
        });
        return counts.get("done") + " of " + cells.size() + " configurations done"
                + (others.isEmpty() ? "" : ", " + String.join(", ", others) + " (marked in the figures and the table)")
                + ". Written " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "; rerun the experiment's command, or iwae experiment status " + out + " --html, to update it.";
    }

    /** The page: title, summary, figures, the table with a link to each row's reports, the note. */
    public static String html(Table t, String summary, String figures, Map<String, String> reports) {
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>").append(Html.escape(t.title())).append("</h1>\n");
        if (summary != null) {
            sb.append("<p class=summary>").append(Html.escape(summary)).append("</p>\n");
        }
        sb.append(figures);
        int state = t.columns().indexOf("state");
        sb.append(figures.isEmpty() ? "" : "<h2>Table</h2>\n").append("<table>\n<thead><tr>");
        for (String c : t.columns()) {
            sb.append("<th>").append(Html.escape(c)).append("</th>");
        }
        sb.append("<th>report</th></tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            sb.append(state >= 0 ? "<tr class=" + Html.escape(row.get(state)) + ">" : "<tr>");
            for (String cell : row) {
                sb.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            sb.append("<td>").append(links(t.ids().get(r), reports)).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p class=note>").append(Html.escape(t.note())).append("</p>\n");
        return Html.page("iwae4j experiment: " + t.title(), """
                tr.pending td, tr.running td, tr.failed td { color: #888; font-style: italic; }
                .summary { color: #555; font-size: 90%; max-width: 60em; }
                """, sb.toString());
    }

    private static String links(List<String> ids, Map<String, String> reports) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String link = reports.get(ids.get(i));
            String text = ids.size() == 1 ? "report" : "stage " + (i + 1);
            parts.add(link == null ? "–" : "<a href=\"" + Html.escape(link) + "\">" + text + "</a>");
        }
        return String.join(" · ", parts);
    }
}
