package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help text is written in whole sentences and wrapped by picocli, not at the source's line breaks:
 * `iwae --help` listed "train a VAE (k=1) and an", and option descriptions broke after
 * "beta1 0.99, v from ones,". Every line of a description is a paragraph that ends a sentence, or
 * an indented row of a list.
 */
public class HelpTextTest {
    @Test
    void everyDescriptionLineEndsASentence() {
        assertEquals(List.of(), brokenLines(new CommandLine(new Main())));
    }

    /** A bare "%" in a description made picocli print a warning and the raw text ("65 % acceptance" in gaps --help). */
    @Test
    void everyHelpRendersWithoutPicocliWarnings() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        List<String> rendered = new ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            render(new CommandLine(new Main()), rendered);
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), rendered.stream().filter(u -> u.contains("%n")).toList());
    }

    private static void render(CommandLine cli, List<String> rendered) {
        rendered.add(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : cli.getSubcommands().values()) {
            render(sub, rendered);
        }
    }

    /**
     * @param root a command line with its subcommands
     * @return "command: line" for each description line that stops mid-sentence
     */
    public static List<String> brokenLines(CommandLine root) {
        List<String> broken = new ArrayList<>();
        walk(root, broken);
        return broken;
    }

    private static void walk(CommandLine cli, List<String> broken) {
        CommandSpec spec = cli.getCommandSpec();
        check(spec.qualifiedName(), spec.usageMessage().description(), broken);
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
        if (cli.getParent() != null && summary.length() > 130) { // the parent's command list shows it: two lines at most
            broken.add(spec.qualifiedName() + " (summary too long for the command list): " + summary);
        }
        for (OptionSpec o : spec.options()) {
            check(spec.qualifiedName() + " " + o.longestName(), o.description(), broken);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            walk(sub, broken);
        }
    }

    private static void check(String where, String[] lines, List<String> broken) {
        for (String line : lines) {
            String end = line.strip();
            boolean listRow = line.startsWith("  ");
            if (!listRow && !end.isEmpty() && !end.replaceAll("%n$", "").matches(".*[.:!?]$") && !end.endsWith("${DEFAULT-VALUE}.")) {
                broken.add(where + ": " + line);
            }
        }
    }
}
