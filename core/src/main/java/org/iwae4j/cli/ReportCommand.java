package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.iwae4j.plot.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", header = "One self-contained HTML page with the comparison and the plots of runs.", mixinStandardHelpOptions = true,
        description = {"One self-contained HTML page (DIR/index.html, plots embedded; PNGs also beside it): the comparison " +
                "table, bound curves, samples, reconstructions, resampled draws, active units, filters (and for 2-D latent " +
                "models the latent space and a posterior), each run's configuration and provenance."},
        footer = {"", "Example:", "  iwae report runs/demo/vae-k1 runs/demo/iwae-k5 --out runs/demo/report"})
final class ReportCommand extends DatasetCommand {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the report.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        Path page = Report.write(runs, out, PlotCommand.datasets(data.dataDir), seed, err()::println);
        out().println("Report: " + page);
        return 0;
    }
}
