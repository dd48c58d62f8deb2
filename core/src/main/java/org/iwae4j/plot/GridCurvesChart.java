package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.iwae4j.run.EpochMetrics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Training (solid) and validation (dashed) bounds per epoch of several configurations in one
 * panel, one colour per bound and k; with several seeds the mean over the seeds that reached an
 * epoch, and a shaded band from the lowest to the highest. Running configurations show the epochs
 * done so far.
 */
final class GridCurvesChart {
    /** A line of the panel: its name, colour, and per seed the epochs (x offset by {@code offset}). */
    record Line(String name, Color colour, List<List<EpochMetrics>> seeds, int offset) {}

    private GridCurvesChart() {}

    /** One panel: the configurations of {@code cells} grouped by bound and k. */
    static JFreeChart bounds(String title, List<GridCell> cells) {
        Map<String, List<GridCell>> groups = new LinkedHashMap<>();
        cells.stream().sorted((a, b) -> a.k() != b.k() ? Integer.compare(a.k(), b.k()) : a.model().compareTo(b.model()))
                .forEach(c -> groups.computeIfAbsent(c.bound(), key -> new ArrayList<>()).add(c));
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, List<GridCell>> group : groups.entrySet()) {
            GridCell first = group.getValue().get(0);
            lines.add(new Line(group.getKey(), colour(first.model(), first.k()),
                    group.getValue().stream().map(GridCell::epochs).toList(), 0));
        }
        long seeds = cells.stream().mapToLong(GridCell::seed).distinct().count();
        return chart(title, lines, seeds > 1 ? "mean of " + seeds + " seeds, band: min–max over seeds" : null);
    }

    static JFreeChart chart(String title, List<Line> lines, String subtitle) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true); // shapes: a first epoch alone is a point
        renderer.setAlpha(0.18f);
        for (Line line : lines) {
            add(data, renderer, series(line.name() + " train", line, EpochMetrics::trainBound), line.colour(),
                    Charts.SOLID);
            add(data, renderer, series(line.name() + " validation", line, EpochMetrics::valBound), line.colour(), Charts.DASHED);
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("bound on log p(x) (nats, higher is better)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, true);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, Png.LABEL));
        }
        return chart;
    }

    /** Per epoch: the mean over the seeds that reached it, and their range. */
    static YIntervalSeries series(String name, Line line, ToDoubleFunction<EpochMetrics> bound) {
        TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
        for (List<EpochMetrics> seed : line.seeds()) {
            for (EpochMetrics m : seed) {
                byEpoch.computeIfAbsent(m.epoch(), e -> new ArrayList<>()).add(bound.applyAsDouble(m));
            }
        }
        YIntervalSeries series = new YIntervalSeries(name);
        byEpoch.forEach((epoch, values) -> series.add(epoch + line.offset(),
                values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        return series;
    }

    private static void add(YIntervalSeriesCollection data, DeviationRenderer renderer, YIntervalSeries series,
            Color colour, BasicStroke stroke) {
        if (series.getItemCount() == 0) {
            return;
        }
        int index = data.getSeriesCount();
        data.addSeries(series);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesFillPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
        renderer.setSeriesShape(index, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }

    /** A vertical line at {@code epoch} labelled {@code label}. */
    static void mark(JFreeChart chart, double epoch, String label) {
        ValueMarker marker = new ValueMarker(epoch, Color.GRAY, new BasicStroke(1f));
        marker.setLabel(label);
        marker.setLabelFont(Png.LABEL);
        marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        chart.getXYPlot().addDomainMarker(marker);
    }

    /** k=1 green; the VAE in blues and the IWAE in oranges, darker for larger k (as KChart's lines). */
    static Color colour(String model, int k) {
        if (k == 1) {
            return Charts.CATEGORICAL[2];
        }
        boolean large = k >= 20;
        if ("vae".equals(model)) {
            return large ? new Color(0x08519c) : new Color(0x6baed6);
        }
        return large ? new Color(0xa63603) : new Color(0xfd8d3c);
    }
}
