package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** BDMC's sandwich: mean forward (lower) and reverse (upper) AIS bounds against the number of distributions. */
public final class BdmcChart {
    /**
     * @param steps intermediate distributions
     * @param lower mean forward AIS bound
     * @param upper mean reverse AIS bound
     */
    public record Point(int steps, double lower, double upper) {}

    private BdmcChart() {}

    /**
     * @param points one per number of steps
     * @param width pixels
     * @param height pixels
     * @return the picture
     */
    public static BufferedImage render(List<Point> points, int width, int height) {
        XYSeries lower = new XYSeries("forward AIS (stochastic lower bound)");
        XYSeries upper = new XYSeries("reverse AIS (stochastic upper bound)");
        for (Point p : points) {
            lower.add(p.steps(), p.lower());
            upper.add(p.steps(), p.upper());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(upper);
        data.addSeries(lower);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesPaint(s, Charts.CATEGORICAL[s]);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        LogAxis x = new LogAxis("intermediate distributions");
        x.setSmallestValue(1);
        NumberAxis y = new NumberAxis("mean log p(x) bound on simulated data (nats)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Bidirectional Monte Carlo", Png.TITLE, plot, true);
        return Charts.render(chart, width, height);
    }
}
