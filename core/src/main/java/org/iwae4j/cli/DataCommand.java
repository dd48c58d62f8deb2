package org.iwae4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"List datasets: where each lives, whether it is present and verified, and its split sizes.",
            "Verifying reads every file (checksums and format), a few seconds per dataset."},
        footer = {"", "Examples:", "  iwae data", "  iwae data npz:my-images.npz"})
final class DataCommand extends DatasetCommand {
    @Parameters(paramLabel = "DATASET", arity = "0..*",
            description = "Datasets to show (default: all known), including your own as idx:DIR or npz:FILE.")
    List<String> names;

    @Override
    public Integer call() {
        PrintWriter out = out();
        for (String name : names == null || names.isEmpty() ? Datasets.names() : names) {
            Dataset dataset = Datasets.byName(name);
            out.println(dataset.name() + ": " + dataset.description());
            out.println("  location: " + dataset.directory(data.dataDir).toAbsolutePath());
            out.println("  status:   " + status(dataset));
        }
        return 0;
    }

    private String status(Dataset dataset) {
        if (!dataset.isPresent(data.dataDir)) {
            return "missing (./iwae fetch " + dataset.name() + ")";
        }
        try {
            DatasetSplits splits = dataset.load(data.dataDir);
            return String.format("present and verified; %,d train / %,d validation / %,d test, %dx%d, %s",
                    splits.train().size(), splits.validation().size(), splits.test().size(),
                    splits.train().height(), splits.train().width(),
                    splits.binary() ? "binary (used as is)" : "grey levels (binarized dynamically)");
        } catch (UserError e) {
            return "present but unusable: " + e.getMessage();
        }
    }
}
