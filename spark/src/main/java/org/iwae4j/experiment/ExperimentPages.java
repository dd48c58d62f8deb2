package org.iwae4j.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Datasets;
import org.iwae4j.plot.ExperimentPage;
import org.iwae4j.plot.GridCell;
import org.iwae4j.plot.Transfer;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;

/**
 * An experiment's page (TABLE.html with figures, PNGs and per-configuration reports) from what its
 * directory holds now: each configuration's state, its bounds per epoch so far and, once done,
 * its outcome. Nothing is trained.
 */
final class ExperimentPages {
    private ExperimentPages() {}

    /** Writes OUT/TABLE.html, OUT/TABLE-figures/ and the missing reports under OUT/reports/. */
    static Path write(Path out, String table, Tables.Table t, List<List<Configuration>> chains, Path dataDir,
            Consumer<String> log) {
        List<GridCell> cells = chains.stream().flatMap(List::stream).map(c -> cell(out, c)).toList();
        List<Transfer> transfers = "table2".equals(table) ? chains.stream().map(chain -> new Transfer(
                Tables.label(chain.get(0)) + " → " + Tables.label(chain.get(1)), cell(out, chain.get(0)),
                cell(out, chain.get(1)), "mnist".equals(chain.get(0).config().dataset())
                        ? Tables.PAPER_TABLE2.get(chain.get(0).config().model() + "->" + chain.get(1).config().model())
                        : null))
                .toList() : List.of();
        return ExperimentPage.write(out, table, Tables.page(t), cells, transfers,
                name -> Datasets.byName(name).load(dataDir), log);
    }

    /** `experiment status DIR --html`: the tables and the page from the directory alone. */
    static Path write(Path out, Path dataDir, Consumer<String> log) {
        SparkExperiment.Definition d = Status.definition(out);
        Tables.Table t = "table1".equals(d.table()) ? Tables.table1(out, d.chains(), d.evalK(), d.evalLimit())
                : Tables.table2(out, d.chains(), d.evalK(), d.evalLimit());
        Tables.write(out, d.table(), t);
        return write(out, d.table(), t, d.chains(), dataDir, log);
    }

    static GridCell cell(Path out, Configuration c) {
        ConfigurationTask.Outcome o = Tables.outcome(out, c);
        Path metrics = RunDirectory.metricsFileIn(out.resolve(c.id()));
        TrainConfig t = c.config();
        return new GridCell(c.id(), t.dataset(), t.layers(), t.model(), t.k(), t.seed(), Status.of(out, c).state(),
                Files.exists(metrics) ? MetricsLog.read(metrics) : List.of(), o == null ? null : o.test(),
                o == null ? null : o.testWithoutInactive());
    }
}
