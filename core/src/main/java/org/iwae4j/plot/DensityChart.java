package org.iwae4j.plot;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/** A density on a posterior grid as a heat map with a colour bar from 0 to {@code maxDensity}. */
final class DensityChart {
    private DensityChart() {}

    static BufferedImage render(String title, PosteriorGrid grid, double[][] density, double maxDensity, int size) {
        int n = density.length;
        double[] xs = new double[n * n];
        double[] ys = new double[n * n];
        double[] zs = new double[n * n];
        double w1 = grid.cellWidth1();
        double w2 = grid.cellWidth2();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xs[i * n + j] = grid.zMin1 + (i + 0.5) * w1;
                ys[i * n + j] = grid.zMin2 + (j + 0.5) * w2;
                zs[i * n + j] = density[i][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(title, new double[][] {xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(w1);
        renderer.setBlockHeight(w2);
        Viridis scale = new Viridis(maxDensity);
        renderer.setPaintScale(scale);
        NumberAxis x = new NumberAxis("z₁");
        NumberAxis y = new NumberAxis("z₂");
        x.setRange(grid.zMin1, grid.zMax1);
        y.setRange(grid.zMin2, grid.zMax2);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, Png.TITLE, plot, false);
        NumberAxis densityAxis = new NumberAxis("density");
        densityAxis.setRange(0, maxDensity);
        densityAxis.setTickLabelFont(Png.LABEL.deriveFont(11f));
        PaintScaleLegend legend = new PaintScaleLegend(scale, densityAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(new RectangleInsets(30, 4, 30, 4));
        chart.addSubtitle(legend);
        BufferedImage image = Charts.render(chart, size + 80, size);
        return image;
    }

    /** Viridis, perceptually uniform and legible in grey print; 0 maps to its dark end. */
    static final class Viridis implements PaintScale {
        private static final int[] ANCHORS = {
            0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725
        };
        private final double upper;

        Viridis(double upper) {
            this.upper = upper > 0 ? upper : 1;
        }

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, value / upper)) * (ANCHORS.length - 1);
            int i = Math.min(ANCHORS.length - 2, (int) t);
            double f = t - i;
            Color a = new Color(ANCHORS[i]);
            Color b = new Color(ANCHORS[i + 1]);
            return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                    mix(a.getBlue(), b.getBlue(), f));
        }

        private static int mix(int a, int b, double f) {
            return (int) Math.round(a + (b - a) * f);
        }
    }
}
