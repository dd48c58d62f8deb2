package org.iwae4j.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Gradient SNR against k on log-log axes, one colour per estimator: encoder solid, decoder
 * dashed (as in Rainforth et al. 2018, Fig. 1, where IWAE's encoder line falls with k).
 */
public final class SnrChart {
    /** One measured cell of the diagnose table. */
    public record Point(String estimator, int k, double encoder, double decoder) {}

    private SnrChart() {}

    public static BufferedImage render(List<Point> points, String title, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        List<String> estimators = new ArrayList<>();
        points.forEach(p -> {
            if (!estimators.contains(p.estimator())) {
                estimators.add(p.estimator());
            }
        });
        int series = 0;
        for (int e = 0; e < estimators.size(); e++) {
            XYSeries encoder = new XYSeries(estimators.get(e) + " encoder");
            XYSeries decoder = new XYSeries(estimators.get(e) + " decoder");
            for (Point p : points) {
                if (p.estimator().equals(estimators.get(e)) && p.encoder() > 0 && p.decoder() > 0) {
                    encoder.add(p.k(), p.encoder());
                    decoder.add(p.k(), p.decoder());
                }
            }
            series = Charts.addPair(data, renderer, series, encoder, decoder, e, 8);
        }
        LogarithmicAxis x = new LogarithmicAxis("k (samples per example, log scale)");
        LogarithmicAxis y = new LogarithmicAxis("gradient SNR, |mean| / std (log scale)");
        for (LogarithmicAxis axis : new LogarithmicAxis[] {x, y}) {
            axis.setExpTickLabelsFlag(false);
            axis.setLog10TickLabelsFlag(false);
            axis.setAutoRangeNextLogFlag(true);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, true);
        chart.addSubtitle(new TextTitle("encoder solid, decoder dashed (the decoder lines coincide where the"
                + " estimators share the bound's decoder gradient)", Png.LABEL));
        return Charts.render(chart, width, height);
    }
}
