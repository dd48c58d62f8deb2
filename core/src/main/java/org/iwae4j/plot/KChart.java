package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Burda et al.'s message as a panel: a measure of the test set (NLL, active units) against k for the
 * VAE and the IWAE of one dataset and depth, ours solid with bars, the paper's dashed in the same
 * colour, and for the NLL the model with its inactive units removed as hollow diamonds. With one
 * seed a point is the configuration's value and its bar ± one standard error over test images; with
 * several, the mean over seeds and the range (min to max) over seeds. k=1 belongs to both lines
 * (the two bounds coincide).
 */
final class KChart {
    static final Color VAE = Charts.CATEGORICAL[0];
    static final Color IWAE = Charts.CATEGORICAL[1];
    static final BasicStroke SOLID = new BasicStroke(2f);
    static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f);

    /** Mean and the bar's ends. */
    record Spread(double mean, double low, double high) {}

    private KChart() {}

    static JFreeChart nll(String dataset, int layers, List<GridCell> cells) {
        return chart(dataset, layers, cells, true);
    }

    static JFreeChart units(String dataset, int layers, List<GridCell> cells) {
        return chart(dataset, layers, cells, false);
    }

    private static JFreeChart chart(String dataset, int layers, List<GridCell> all, boolean nll) {
        List<GridCell> cells = all.stream().filter(c -> c.dataset().equals(dataset) && c.layers() == layers).toList();
        TreeSet<Integer> ks = new TreeSet<>(List.of(1, 5, 50));
        cells.forEach(c -> ks.add(c.k()));
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        for (String model : List.of("vae", "iwae")) {
            String name = model.toUpperCase(Locale.ROOT);
            Color colour = "vae".equals(model) ? VAE : IWAE;
            YIntervalSeries ours = new YIntervalSeries(name);
            YIntervalSeries pruned = new YIntervalSeries(name + ", inactive units removed");
            YIntervalSeries paper = new YIntervalSeries(name + ", paper (3,280 epochs)");
            for (int k : ks) {
                List<GridCell> seeds = cells.stream()
                        .filter(c -> c.done() && c.k() == k && (k == 1 || c.model().equals(model))).toList();
                if (!seeds.isEmpty()) {
                    Spread s = nll ? spread(seeds, c -> c.test().nll(), c -> c.test().stderr())
                            : spread(seeds, c -> c.test().activeUnits(), c -> 0);
                    ours.add(k, s.mean(), s.low(), s.high());
                    if (nll) {
                        Spread p = spread(seeds, c -> c.pruned().nll(), c -> c.pruned().stderr());
                        pruned.add(k, p.mean(), p.mean(), p.mean());
                    }
                }
                OptionalDouble reference = nll ? PaperTable1.nll(dataset, layers, model, k) : asDouble(
                        PaperTable1.activeUnits(dataset, layers, model, k));
                if (reference.isPresent()) {
                    double v = reference.getAsDouble();
                    paper.add(k, v, v, v);
                }
            }
            add(data, renderer, ours, colour, SOLID, new Ellipse2D.Double(-4, -4, 8, 8), true, true);
            if (nll) {
                add(data, renderer, pruned, colour, SOLID, diamond(6), false, false);
            }
            add(data, renderer, paper, colour, DASHED, new Ellipse2D.Double(-2.5, -2.5, 5, 5), true, true);
        }
        LogAxis x = kAxis(ks);
        NumberAxis y = new NumberAxis(nll ? "test NLL (nats, lower is better)" : "active units (all layers)");
        y.setAutoRangeIncludesZero(!nll);
        if (!nll) {
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        String title = dataset + ", " + layers + (layers == 1 ? " stochastic layer" : " stochastic layers")
                + (nll ? ": test NLL" : ": active units");
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, true);
        chart.addSubtitle(new TextTitle(subtitle(cells, nll), Png.LABEL));
        return chart;
    }

    /** What the bars mean here, and what is not done yet. */
    static String subtitle(List<GridCell> cells, boolean nll) {
        long seeds = cells.stream().mapToLong(GridCell::seed).distinct().count();
        String bars = seeds > 1 ? "mean of " + seeds + " seeds, bars: min–max over seeds"
                : nll ? "bars: ± 1 s.e. over test images" : "one seed";
        Set<String> pending = new LinkedHashSet<>();
        cells.stream().filter(c -> !c.done()).forEach(c -> pending.add(c.bound() + (seeds > 1 ? " s" + c.seed() : "")
                + ("failed".equals(c.state()) ? " (failed)" : "")));
        if (cells.isEmpty()) {
            return "no configuration of the grid";
        }
        return bars + (pending.isEmpty() ? "" : "; not done yet: " + String.join(", ", pending));
    }

    static Spread spread(List<GridCell> seeds, ToDoubleFunction<GridCell> value, ToDoubleFunction<GridCell> stderr) {
        if (seeds.size() == 1) {
            double v = value.applyAsDouble(seeds.get(0));
            double e = stderr.applyAsDouble(seeds.get(0));
            return new Spread(v, v - e, v + e);
        }
        double[] values = seeds.stream().mapToDouble(value).toArray();
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        return new Spread(mean, java.util.Arrays.stream(values).min().orElseThrow(),
                java.util.Arrays.stream(values).max().orElseThrow());
    }

    private static OptionalDouble asDouble(java.util.OptionalInt v) {
        return v.isPresent() ? OptionalDouble.of(v.getAsInt()) : OptionalDouble.empty();
    }

    static void add(YIntervalSeriesCollection data, XYErrorRenderer renderer, YIntervalSeries series, Color colour,
            BasicStroke stroke, Shape shape, boolean lines, boolean filled) {
        if (series.getItemCount() == 0) {
            return; // no empty legend entries (user data has no paper line, a pending grid no points)
        }
        int index = data.getSeriesCount();
        data.addSeries(series);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
        renderer.setSeriesShape(index, shape);
        renderer.setSeriesLinesVisible(index, lines);
        renderer.setSeriesShapesFilled(index, filled);
    }

    static Shape diamond(double r) {
        java.awt.geom.Path2D.Double d = new java.awt.geom.Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
    }

    /** A log axis with a tick at each k of the grid (1, 5, 50) instead of at the powers of ten. */
    static LogAxis kAxis(TreeSet<Integer> ks) {
        List<Integer> ticks = new ArrayList<>(ks);
        LogAxis x = new LogAxis("k, importance samples in training (log scale)") {
            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
                List result = new ArrayList();
                for (int k : ticks) {
                    result.add(new NumberTick(TickType.MAJOR, k, String.valueOf(k), TextAnchor.TOP_CENTER,
                            TextAnchor.CENTER, 0.0));
                }
                return result;
            }
        };
        x.setRange(ks.first() * 0.7, ks.last() * 1.4);
        x.setMinorTickMarksVisible(false);
        return x;
    }
}
