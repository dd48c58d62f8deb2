package org.iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** The look shared by every JFreeChart figure: white plot area, light grid, paper-sized fonts. */
final class Charts {
    /** Matplotlib's "tab10" colours: ten classes that stay distinguishable, also in print. */
    static final Color[] CATEGORICAL = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private Charts() {}

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
