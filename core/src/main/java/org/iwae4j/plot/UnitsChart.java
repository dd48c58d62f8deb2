package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.PosteriorCollapse;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * How many latent units have which log10 variance (over inputs) of their posterior mean: active
 * units sit right of the 0.01 threshold (Burda et al., section 5.2); and, beside it, each unit's KL
 * to the prior (posterior collapse).
 */
final class UnitsChart {
    private static final int BINS = 30;

    private UnitsChart() {}

    /** @param variances per stochastic layer, per unit */
    static BufferedImage render(String title, List<double[]> variances, int width, int height) {
        double threshold = Math.log10(ActiveUnits.THRESHOLD);
        double min = threshold - 1;
        double max = threshold + 1;
        for (double[] layer : variances) {
            for (double v : layer) {
                double lv = log10(v);
                min = Math.min(min, lv);
                max = Math.max(max, lv);
            }
        }
        min = Math.floor(min);
        max = Math.ceil(max);
        HistogramDataset data = new HistogramDataset();
        for (int l = 0; l < variances.size(); l++) {
            double[] logs = java.util.Arrays.stream(variances.get(l)).map(UnitsChart::log10).toArray();
            String name = variances.size() == 1 ? "latent units" : "layer " + (l + 1);
            data.addSeries(name + " (" + ActiveUnits.count(variances.get(l)) + " of " + logs.length + " active)",
                    logs, BINS, min, max);
        }
        XYBarRenderer renderer = new XYBarRenderer(0.05);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        for (int l = 0; l < variances.size(); l++) {
            renderer.setSeriesPaint(l, Charts.CATEGORICAL[l]);
        }
        NumberAxis x = new NumberAxis("log₁₀ variance over inputs of the posterior mean E_q[u | x]");
        x.setRange(min, max);
        NumberAxis y = new NumberAxis("number of units");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ValueMarker marker = new ValueMarker(threshold, Color.BLACK,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        marker.setLabel("active-unit threshold 0.01 ");
        marker.setLabelFont(Png.LABEL);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addDomainMarker(marker);
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, true);
        return Charts.render(chart, width, height);
    }

    /**
     * The second panel: each unit's average KL(q(h | x) || p(h)), units ranked by it, active and
     * inactive units in two colours; the title gives the KL term and I(x; h_1).
     *
     * @param variances per stochastic layer, per unit: which units are active
     * @param collapse the units' KL and the mutual information
     */
    static BufferedImage renderKl(List<double[]> variances, PosteriorCollapse collapse, int width, int height) {
        List<double[]> units = new java.util.ArrayList<>();
        for (int l = 0; l < variances.size(); l++) {
            for (int u = 0; u < variances.get(l).length; u++) {
                units.add(new double[] {collapse.klPerUnit().get(l)[u], variances.get(l)[u]});
            }
        }
        units.sort((a, b) -> Double.compare(b[0], a[0]));
        XYSeries active = new XYSeries("active units");
        XYSeries inactive = new XYSeries("inactive units");
        for (int i = 0; i < units.size(); i++) {
            (units.get(i)[1] > ActiveUnits.THRESHOLD ? active : inactive).add(i + 1, units.get(i)[0]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(active);
        data.addSeries(inactive);
        XYBarRenderer renderer = new XYBarRenderer(0.1);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, Charts.CATEGORICAL[0]);
        renderer.setSeriesPaint(1, Color.GRAY);
        NumberAxis x = new NumberAxis("units, ranked by KL");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("KL(q(u | x) || p(u)), nats, mean over inputs");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        String title = String.format("KL term %.2f nats, I(x; h1) %.2f nats", collapse.kl(), collapse.mutualInformation());
        return Charts.render(new JFreeChart(title, Png.TITLE, plot, true), width, height);
    }

    /** Variances of collapsed units can be exactly 0; floor them far below the threshold. */
    private static double log10(double v) {
        return Math.log10(Math.max(v, 1e-12));
    }
}
