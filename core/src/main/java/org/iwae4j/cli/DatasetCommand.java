package org.iwae4j.cli;

import picocli.CommandLine.Mixin;

/** A command that reads datasets: {@code --data-dir} besides what every command has. */
abstract class DatasetCommand extends IwaeCommand {
    @Mixin
    DataDirOption data;
}
