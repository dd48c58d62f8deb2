package org.iwae4j.plot;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.run.EvalResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Table 2 as pictures: each transfer chain's test NLL (± s.e.) and active units after its first
 * stage and after its second, ours solid, the paper's dashed in the same colour; and the chain's
 * bounds per epoch, the second stage continuing the first.
 */
final class TransferChart {
    private TransferChart() {}

    static JFreeChart nll(List<Transfer> chains) {
        return chart(chains, true);
    }

    static JFreeChart units(List<Transfer> chains) {
        return chart(chains, false);
    }

    private static JFreeChart chart(List<Transfer> chains, boolean nll) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            Transfer chain = chains.get(i);
            Color colour = Charts.CATEGORICAL[i % Charts.CATEGORICAL.length];
            YIntervalSeries ours = new YIntervalSeries(chain.label());
            YIntervalSeries paper = new YIntervalSeries(chain.label() + ", paper");
            GridCell[] stages = {chain.first(), chain.second()};
            for (int stage = 0; stage < 2; stage++) {
                EvalResult test = stages[stage].test();
                if (test != null) {
                    double e = nll ? test.stderr() : 0;
                    double v = nll ? test.nll() : test.activeUnits();
                    ours.add(stage, v, v - e, v + e);
                } else {
                    pending.add(stages[stage].id());
                }
                if (chain.paper() != null) {
                    double p = chain.paper()[stage * 2 + (nll ? 0 : 1)];
                    paper.add(stage, p, p, p);
                }
            }
            KChart.add(data, renderer, ours, colour, KChart.SOLID, new Ellipse2D.Double(-4, -4, 8, 8), true, true);
            KChart.add(data, renderer, paper, colour, KChart.DASHED, new Ellipse2D.Double(-2.5, -2.5, 5, 5), true, true);
        }
        SymbolAxis x = new SymbolAxis(null, new String[] {"after the first stage", "after the second stage"});
        x.setRange(-0.3, 1.3);
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(nll ? "test NLL (nats, lower is better)" : "active units");
        y.setAutoRangeIncludesZero(!nll);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(nll ? "Test NLL before and after the transfer" : "Active units before and after the transfer",
                Png.TITLE, plot, true);
        chart.addSubtitle(new TextTitle((nll ? "bars: ± 1 s.e. over test images" : "all layers")
                + (pending.isEmpty() ? "" : "; not done yet: " + String.join(", ", pending)), Png.LABEL));
        return chart;
    }

    /** Both chains' bounds per epoch, the second stage's epochs after the first's. */
    static JFreeChart curves(List<Transfer> chains) {
        List<GridCurvesChart.Line> lines = new ArrayList<>();
        int transferAt = 0;
        for (int i = 0; i < chains.size(); i++) {
            Transfer chain = chains.get(i);
            Color colour = Charts.CATEGORICAL[i % Charts.CATEGORICAL.length];
            int firstEpochs = chain.first().epochs().stream().mapToInt(m -> m.epoch()).max().orElse(0);
            transferAt = Math.max(transferAt, firstEpochs);
            lines.add(new GridCurvesChart.Line(chain.label() + ", first stage", colour.brighter(),
                    List.of(chain.first().epochs()), 0));
            lines.add(new GridCurvesChart.Line(chain.label() + ", second stage", colour,
                    List.of(chain.second().epochs()), firstEpochs));
        }
        JFreeChart chart = GridCurvesChart.chart("Bounds per epoch of the two chains", lines, null);
        if (transferAt > 0) {
            GridCurvesChart.mark(chart, transferAt + 0.5, " second stage ");
        }
        return chart;
    }
}
