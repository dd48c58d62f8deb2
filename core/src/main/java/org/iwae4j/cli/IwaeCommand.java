package org.iwae4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command has: the writers picocli gives it (a command prints through them, never
 * through System.out, so that tests and callers of {@link Main#run} capture what it says) and the
 * arguments it was called with (recorded in the files it writes).
 */
abstract class IwaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** @return the command's standard output */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return the command's standard error: progress, warnings */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** @return the command line as given, for the provenance of what the command writes */
    List<String> originalArgs() {
        return spec.commandLine().getParseResult().originalArgs();
    }
}
