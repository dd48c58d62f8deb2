package org.iwae4j.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;

/**
 * One self-contained HTML page comparing runs: the comparison table, the bound curves, every
 * plot of every run (embedded as base64, and also saved as PNG beside the page), each run's
 * config.json with its provenance.
 */
public final class Report {
    /** Posterior plots of 2-D models show this test image. */
    static final int POSTERIOR_INDEX = 0;
    static final int POSTERIOR_DRAWS = 2000;

    private Report() {}

    /** Writes DIR/index.html, DIR/comparison.csv and DIR/NAME/KIND.png; returns the page. */
    public static Path write(List<Path> runDirs, Path outDir, Function<String, DatasetSplits> datasets, long seed,
            Consumer<String> log) {
        Comparison table = Comparison.of(runDirs);
        AtomicFiles.writeString(outDir.resolve("comparison.csv"), table.csv());
        AtomicFiles.writeString(outDir.resolve("comparison.md"), table.markdown());
        StringBuilder body = new StringBuilder();
        body.append("<h2>Comparison</h2>\n").append(table.html());
        body.append("<p class=note>Test NLL: −log p(x) estimated with k importance samples on n test images "
                + "(lower is better). Paper: Burda, Grosse &amp; Salakhutdinov (2016), Table 1, after 3,280 epochs; "
                + "shown only for the paper's architectures.</p>\n");
        List<CurvesChart.Curve> curves = new ArrayList<>();
        for (Path dir : runDirs) {
            curves.add(new CurvesChart.Curve(dir.getFileName().toString(),
                    MetricsLog.read(RunDirectory.open(dir).metricsFile())));
        }
        body.append("<h2>Bounds per epoch</h2>\n")
                .append(figure(outDir, "curves.png", CurvesChart.render(curves, 1000, 560), "Bounds per epoch"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < runDirs.size(); i++) {
            Path dir = runDirs.get(i);
            String name = dir.getFileName().toString();
            if (!names.add(name)) {
                name = (i + 1) + "-" + name;
            }
            log.accept("report: plotting " + dir);
            try (RunPlots plots = new RunPlots(dir, datasets, Optional.empty(), seed, log)) {
                body.append("<h2>").append(Html.escape(name + ": " + plots.label())).append("</h2>\n");
                for (Map.Entry<String, BufferedImage> plot : plotsOf(plots).entrySet()) {
                    body.append(figure(outDir, name + "/" + plot.getKey() + ".png", plot.getValue(), plot.getKey()));
                }
            }
            body.append("<details><summary>config.json (configuration and provenance)</summary><pre>")
                    .append(Html.escape(read(RunDirectory.open(dir).configFile()))).append("</pre></details>\n");
        }
        Path page = outDir.resolve("index.html");
        AtomicFiles.writeString(page, page(body.toString()));
        return page;
    }

    private static Map<String, BufferedImage> plotsOf(RunPlots plots) {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        images.put("samples", plots.samples(10));
        images.put("reconstructions", plots.reconstructions(4));
        images.put("resampled", plots.resampled(8, 100, 5));
        images.put("units", plots.units(0));
        images.put("filters", plots.filters(100));
        if (plots.hasTwoDimensionalLatent()) {
            images.put("latent", plots.latent(2000, 0, false));
            images.put("posterior", plots.posterior(POSTERIOR_INDEX, POSTERIOR_DRAWS, 5000).image());
        }
        return images;
    }

    /** Saves the PNG under {@code outDir} and returns a figure with the image embedded (base64). */
    static String figure(Path outDir, String file, BufferedImage image, String alt) {
        Png.write(image, outDir.resolve(file));
        String data = Base64.getEncoder().encodeToString(Png.bytes(image));
        return "<figure><img alt=\"" + Html.escape(alt) + "\" width=" + image.getWidth() + " src=\"data:image/png;base64,"
                + data + "\"><figcaption>" + Html.escape(file) + "</figcaption></figure>\n";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String page(String body) {
        return Html.page("iwae4j report", """
                td:first-child, td:nth-child(2) { text-align: left; }
                pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 85%; }
                """, "<h1>iwae4j: VAE and IWAE runs compared</h1>\n" + body);
    }
}
