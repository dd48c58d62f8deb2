package org.iwae4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command made of subcommands ({@code iwae}, {@code iwae plot}, and the Spark module's): given
 * none, it prints its usage through the command's writer.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Prints the usage, listing the subcommands. */
    @Override
    public final void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
