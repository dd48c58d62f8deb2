package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The look shared by every JFreeChart figure: white plot area, light grid, paper-sized fonts. */
final class Charts {
    /** Matplotlib's "tab10" colours: ten classes that stay distinguishable, also in print. */
    static final Color[] CATEGORICAL = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** The line of a first quantity: training, the encoder. */
    static final BasicStroke SOLID = new BasicStroke(2f);
    /** The line of its companion in the same colour: validation, the decoder. */
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f);

    private Charts() {}

    /**
     * Adds a quantity and its companion as a solid and a dashed line in one colour, each point
     * marked by a circle.
     *
     * @param series the index the first of the two gets
     * @param colour an index into {@link #CATEGORICAL}, wrapping around
     * @param marker the circles' diameter in pixels
     * @return the index of the next series
     */
    static int addPair(XYSeriesCollection data, XYLineAndShapeRenderer renderer, int series, XYSeries solid,
            XYSeries dashed, int colour, double marker) {
        for (XYSeries s : new XYSeries[] {solid, dashed}) {
            data.addSeries(s);
            renderer.setSeriesPaint(series, CATEGORICAL[colour % CATEGORICAL.length]);
            renderer.setSeriesStroke(series, s == solid ? SOLID : DASHED);
            renderer.setSeriesShape(series, new Ellipse2D.Double(-marker / 2, -marker / 2, marker, marker));
            series++;
        }
        return series;
    }

    static BufferedImage render(JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getTitle().setFont(Png.TITLE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(Png.LABEL);
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.LIGHT_GRAY));
        }
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(0xdddddd));
            plot.setRangeGridlinePaint(new Color(0xdddddd));
            plot.setDomainGridlineStroke(new BasicStroke(0.8f));
            plot.setRangeGridlineStroke(new BasicStroke(0.8f));
            plot.setOutlinePaint(Color.GRAY);
            Font axisLabel = Png.LABEL.deriveFont(Font.PLAIN, 14f);
            for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
                axis.setLabelFont(axisLabel);
                axis.setTickLabelFont(Png.LABEL);
            }
        }
        return chart.createBufferedImage(width, height);
    }
}
