package org.iwae4j.plot;

import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** 2-D codes as points coloured by class label, one legend entry per class. */
final class ScatterChart {
    private ScatterChart() {}

    /**
     * @param codes [n][2]
     * @param range axis limits {min1, max1, min2, max2} so that panels compare
     */
    static BufferedImage render(String title, float[][] codes, int[] labels, double[] range, int size) {
        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries[] series = new XYSeries[classes];
        for (int c = 0; c < classes; c++) {
            series[c] = new XYSeries(String.valueOf(c), false, true);
            data.addSeries(series[c]);
        }
        for (int i = 0; i < codes.length; i++) {
            series[labels[i]].add(codes[i][0], codes[i][1]);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int c = 0; c < classes; c++) {
            renderer.setSeriesPaint(c, Charts.CATEGORICAL[c % Charts.CATEGORICAL.length]);
            renderer.setSeriesShape(c, new Ellipse2D.Double(-2, -2, 4, 4));
        }
        NumberAxis x = new NumberAxis("z₁");
        NumberAxis y = new NumberAxis("z₂");
        x.setRange(range[0], range[1]);
        y.setRange(range[2], range[3]);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        return Charts.render(chart, size + 60, size);
    }

    /** Limits that hold every code with a 5% margin. */
    static double[] range(Iterable<float[][]> panels) {
        double[] r = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (float[][] codes : panels) {
            for (float[] z : codes) {
                r[0] = Math.min(r[0], z[0]);
                r[1] = Math.max(r[1], z[0]);
                r[2] = Math.min(r[2], z[1]);
                r[3] = Math.max(r[3], z[1]);
            }
        }
        double pad1 = 0.05 * Math.max(1e-6, r[1] - r[0]);
        double pad2 = 0.05 * Math.max(1e-6, r[3] - r[2]);
        return new double[] {r[0] - pad1, r[1] + pad1, r[2] - pad2, r[3] + pad2};
    }
}
