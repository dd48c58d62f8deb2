package org.iwae4j.cli;

import java.io.PrintWriter;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code iwae} command: train, evaluate and export VAEs and IWAEs. */
@Command(name = "iwae",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Variational and Importance Weighted Autoencoders (Burda, Grosse & Salakhutdinov 2016) on DJL + PyTorch.",
        subcommands = {
            DemoCommand.class,
            FetchCommand.class,
            DataCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            DiagnoseCommand.class,
            BdmcCommand.class,
            GapsCommand.class,
            PlotCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            ScoreCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main extends CommandGroup {
    static {
        // Plots render without a display (servers, CI).
        System.setProperty("java.awt.headless", "true");
    }

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line and returns the exit code; does not exit, so tests can call it.
     *
     * @param args the arguments
     * @param out receives the commands' output
     * @param err receives errors and usage hints
     * @return 0 ok, 1 internal error, 2 bad input
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return run(new CommandLine(new Main()), args, out, err);
    }

    /**
     * Runs a command line of iwae commands (this one's, or another module's such as the Spark
     * experiments) with the CLI's error policy: bad input and the user's environment give one line
     * {@code iwae: error: ...} (library parameters worded as flags) and exit code 2, bugs exit code 1,
     * stack traces only with {@code --debug}.
     *
     * @param cli the command line, its commands attached
     * @param args the arguments
     * @param out receives the commands' output
     * @param err receives errors and usage hints
     * @return 0 ok, 1 internal error, 2 bad input
     */
    public static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("iwae: error: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = java.util.Arrays.asList(args).contains("--debug");
            Throwable cause = e;
            while (!isUsers(cause) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (isUsers(cause)) {
                err.println("iwae: error: " + inFlags(cause));
                if (debug) {
                    e.printStackTrace(err);
                }
                return 2;
            }
            err.println("iwae: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("iwae: error: the Java heap is too small (" + e.getMessage()
                    + "); give it more, e.g. JAVA_OPTS=-Xmx8g ./iwae ...");
            return 1;
        }
    }

    /** Errors of the user's input or environment (files the OS refuses), as opposed to bugs. */
    private static boolean isUsers(Throwable t) {
        return t instanceof UserError || t instanceof InvalidParameterException
                || t instanceof java.nio.file.FileSystemException;
    }

    /** The library names its parameters ("batchSize must be ..."); the CLI names its flags ("--batch-size must be ..."). */
    static String inFlags(Throwable t) {
        if (t instanceof org.iwae4j.run.DataCheck.DataChangedException changed) {
            return changed.describe("--accept-changed-data");
        }
        if (t instanceof java.nio.file.FileSystemException f) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + (f.getReason() != null ? f.getReason()
                    : f instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                    : f instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                    : f.getClass().getSimpleName());
        }
        String message = t.getMessage();
        if (t instanceof InvalidParameterException p && message.startsWith(p.parameter() + " ")) {
            return flag(p.parameter()) + message.substring(p.parameter().length());
        }
        return message;
    }

    /**
     * The flag of a library parameter: a run's setting by the option that sets it (learningRate is
     * --lr), the bound is --model, others by their kebab-case name.
     */
    static String flag(String parameter) {
        return "bound".equals(parameter) ? "--model" : TrainOptions.flag(parameter).orElseGet(() ->
                "--" + parameter.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "iwae4j " + org.iwae4j.run.Provenance.version(),
                "DJL " + Torch.djlVersion() + ", PyTorch " + Torch.engineVersion() + ", Java " + System.getProperty("java.version")
            };
        }
    }
}
