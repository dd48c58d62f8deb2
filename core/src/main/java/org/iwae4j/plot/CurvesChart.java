package org.iwae4j.plot;

import java.awt.image.BufferedImage;
import java.util.List;
import org.iwae4j.run.EpochMetrics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Training (solid) and validation (dashed) bounds per epoch, one colour per run. */
public final class CurvesChart {
    /** A run's name and its metrics.jsonl entries. */
    public record Curve(String name, List<EpochMetrics> epochs) {}

    private CurvesChart() {}

    public static BufferedImage render(List<Curve> curves, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        double lowest = Double.MAX_VALUE;
        double highest = -Double.MAX_VALUE;
        int series = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int r = 0; r < curves.size(); r++) {
            String name = curves.get(r).name();
            if (!names.add(name)) {
                name = name + " (" + (r + 1) + ")"; // series keys must be unique
            }
            XYSeries train = new XYSeries(name + " train");
            XYSeries validation = new XYSeries(name + " validation");
            for (EpochMetrics m : curves.get(r).epochs()) {
                train.add(m.epoch(), m.trainBound());
                validation.add(m.epoch(), m.valBound());
                lowest = Math.min(lowest, Math.min(m.trainBound(), m.valBound()));
                highest = Math.max(highest, Math.max(m.trainBound(), m.valBound()));
            }
            series = Charts.addPair(data, renderer, series, train, validation, r, 6);
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("bound on log p(x) (nats per image, higher is better)");
        y.setAutoRangeIncludesZero(false);
        if (lowest <= highest) {
            double pad = Math.max(0.5, 0.05 * (highest - lowest));
            y.setRange(lowest - pad, highest + pad);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Training and validation bounds", Png.TITLE, plot, true);
        return Charts.render(chart, width, height);
    }
}
