package org.iwae4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The --checkpoint option of every command that reads a trained model. */
final class CheckpointOption {
    @Option(names = "--checkpoint", paramLabel = "best|latest|FILE", description = "best (checkpoints/best.ckpt: the best validation bound), latest (the newest intact one; the default) or a checkpoint FILE.")
    Path checkpoint;

    /** @return the chosen checkpoint, {@code best} or {@code latest}, or empty for the run's newest intact one */
    Optional<Path> chosen() {
        return Optional.ofNullable(checkpoint);
    }
}
