package org.iwae4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --data-dir option shared by every command that reads datasets. */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where datasets live (default: ${DEFAULT-VALUE}; the launcher sets it to data/ in the repository, or $IWAE_DATA_DIR).",
            defaultValue = "${sys:iwae.data.dir:-data}")
    Path dataDir;
}
