package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.plot.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", header = "A Markdown table comparing runs, beside the paper's Table 1 numbers.", mixinStandardHelpOptions = true,
        description = {"A Markdown table of runs: model, k, layers, epochs, test NLL ± s.e. (from eval-test.json), active " +
                "units, final bounds, training time, and Burda et al.'s Table 1 number where the configuration is in it.",
            "Also written as comparison.csv and comparison.md."},
        footer = {"", "Example:", "  iwae compare runs/demo/vae-k1 runs/demo/iwae-k5"})
final class CompareCommand extends IwaeCommand {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for comparison.csv and .md (default: the first run's parent).")
    Path out;

    @Override
    public Integer call() {
        Comparison table = Comparison.of(runs);
        Path dir = out != null ? out : runs.get(0).toAbsolutePath().getParent();
        AtomicFiles.writeString(dir.resolve("comparison.csv"), table.csv());
        AtomicFiles.writeString(dir.resolve("comparison.md"), table.markdown());
        out().print(table.markdown());
        out().println("Written to " + dir.resolve("comparison.csv") + " and comparison.md");
        return 0;
    }
}
