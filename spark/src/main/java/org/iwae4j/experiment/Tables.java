package org.iwae4j.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.plot.ExperimentPage;
import org.iwae4j.plot.PaperTable1;

/**
 * The experiment's tables, from the configurations' outcome.json files: TABLE.md, .csv, .json and
 * .html in the experiment's directory. Columns are ours (test NLL ± s.e. with k importance samples,
 * active units, NLL with the inactive units removed) and, where the configuration is the paper's,
 * the paper's number and ours minus it.
 */
public final class Tables {
    /** Burda et al. (2016), Table 2: first stage NLL (active units) and after the transfer. */
    static final Map<String, double[]> PAPER_TABLE2 = Map.of(
            "vae->iwae", new double[] {86.76, 19, 84.88, 22},
            "iwae->vae", new double[] {84.78, 25, 86.02, 23});

    private Tables() {}

    /** A table: column names, rows of cells (strings as shown), per row the configurations it shows. */
    public record Table(String title, List<String> columns, List<List<String>> rows, List<List<String>> ids,
            String note) {}

    static ConfigurationTask.Outcome outcome(Path out, Configuration c) {
        Path file = out.resolve(c.id()).resolve(ConfigurationTask.OUTCOME);
        if (!Files.exists(file)) {
            return null;
        }
        ConfigurationTask.Outcome o = Json.read(file, ConfigurationTask.Outcome.class);
        if (o.test() == null || o.testWithoutInactive() == null) {
            throw new org.iwae4j.common.UserError(file + ": not a valid outcome record (field "
                    + (o.test() == null ? "test" : "test_without_inactive") + " is missing); delete it and run the"
                    + " command again to evaluate " + c.id() + " again");
        }
        return o;
    }

    public static Table table1(Path out, List<List<Configuration>> chains, int evalK, int evalLimit) {
        List<String> columns = List.of("dataset", "layers", "bound", "k", "seed", "epochs", "test NLL", "± s.e.",
                "active units", "NLL, inactive units removed", "± s.e. (removed)", "paper NLL (3,280 epochs)",
                "ours − paper", "state");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> ids = new ArrayList<>();
        List<Configuration> all = chains.stream().flatMap(List::stream).sorted((a, b) -> {
            int c = a.config().dataset().compareTo(b.config().dataset());
            c = c != 0 ? c : Integer.compare(a.config().layers(), b.config().layers());
            c = c != 0 ? c : a.config().model().compareTo(b.config().model());
            c = c != 0 ? c : Integer.compare(a.config().k(), b.config().k());
            return c != 0 ? c : Long.compare(a.config().seed(), b.config().seed());
        }).toList();
        for (Configuration c : all) {
            ConfigurationTask.Outcome o = outcome(out, c);
            OptionalDouble paper = PaperTable1.nll(c.config().dataset(), c.config().layers(), c.config().model(), c.config().k());
            String none = "–";
            rows.add(List.of(c.config().dataset(), String.valueOf(c.config().layers()), c.config().k() == 1 ? "VAE = IWAE" : c.config().model().toUpperCase(Locale.ROOT),
                    String.valueOf(c.config().k()), String.valueOf(c.config().seed()),
                    o == null ? String.valueOf(Status.of(out, c).epoch()) : String.valueOf(o.epochs()),
                    o == null ? none : fmt(o.test().nll()), o == null ? none : fmt(o.test().stderr()),
                    o == null ? none : o.test().activeUnits() + " / " + o.test().latentUnits(),
                    o == null ? none : fmt(o.testWithoutInactive().nll()),
                    o == null ? none : fmt(o.testWithoutInactive().stderr()),
                    paper.isPresent() ? fmt(paper.getAsDouble()) : none,
                    o != null && paper.isPresent() ? signed(o.test().nll() - paper.getAsDouble()) : none,
                    Status.of(out, c).state()));
            ids.add(List.of(c.id()));
        }
        return new Table("Table 1: test NLL (nats)", columns, rows, ids, note(evalK, evalLimit)
                + " The paper trained 3,280 epochs; configurations trained for fewer are not expected to match.");
    }

    public static Table table2(Path out, List<List<Configuration>> chains, int evalK, int evalLimit) {
        List<String> columns = List.of("transfer", "first stage epochs", "first stage NLL", "active units",
                "second stage epochs", "second stage NLL", "± s.e.", "active units (after)",
                "NLL, inactive units removed (after)", "paper first stage", "paper after", "ours − paper (after)", "state");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> ids = new ArrayList<>();
        for (List<Configuration> chain : chains) {
            Configuration first = chain.get(0);
            Configuration second = chain.get(1);
            String key = first.config().model() + "->" + second.config().model();
            double[] paper = "mnist".equals(first.config().dataset()) ? PAPER_TABLE2.get(key) : null;
            ConfigurationTask.Outcome a = outcome(out, first);
            ConfigurationTask.Outcome b = outcome(out, second);
            String none = "–";
            rows.add(List.of(
                    label(first) + " → " + label(second),
                    a == null ? none : String.valueOf(a.epochs()),
                    a == null ? none : fmt(a.test().nll()) + " ± " + fmt(a.test().stderr()),
                    a == null ? none : a.test().activeUnits() + " / " + a.test().latentUnits(),
                    b == null ? none : String.valueOf(b.epochs()),
                    b == null ? none : fmt(b.test().nll()),
                    b == null ? none : fmt(b.test().stderr()),
                    b == null ? none : b.test().activeUnits() + " / " + b.test().latentUnits(),
                    b == null ? none : fmt(b.testWithoutInactive().nll()),
                    paper == null ? none : fmt(paper[0]) + " (" + (int) paper[1] + ")",
                    paper == null ? none : fmt(paper[2]) + " (" + (int) paper[3] + ")",
                    paper == null || b == null ? none : signed(b.test().nll() - paper[2]),
                    Status.of(out, second).state()));
            ids.add(List.of(first.id(), second.id()));
        }
        return new Table("Table 2: continuing a trained model under the other bound", columns, rows, ids,
                note(evalK, evalLimit) + " Second stage: " + chains.get(0).get(1).config().epochs() + " epochs at lr "
                + chains.get(0).get(1).config().learningRate() + ", Adam's state carried over. Paper: first stage 3,280 epochs, "
                + "then 3^7 = 2,187 epochs at lr 1e-4; active units in parentheses.");
    }

    static String label(Configuration c) {
        return c.config().model().toUpperCase(Locale.ROOT) + " (k=" + c.config().k() + ")";
    }

    private static String note(int evalK, int evalLimit) {
        return "Test NLL: −log p(x) estimated with k=" + evalK + " importance samples on "
                + (evalLimit > 0 ? "the first " + evalLimit + " test images" : "the whole test set")
                + "; ± one standard error over images. Active units: posterior-mean variance above 0.01.";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.2f", v);
    }

    /** Writes NAME.md, NAME.csv, NAME.json and NAME.html into {@code out}. */
    public static void write(Path out, String name, Table table) {
        AtomicFiles.writeString(out.resolve(name + ".md"), markdown(table));
        AtomicFiles.writeString(out.resolve(name + ".csv"), csv(table));
        List<Map<String, String>> json = new ArrayList<>();
        for (List<String> row : table.rows()) {
            Map<String, String> object = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                object.put(table.columns().get(i), row.get(i));
            }
            json.add(object);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("title", table.title());
        document.put("note", table.note());
        document.put("rows", json);
        Json.write(out.resolve(name + ".json"), document);
        AtomicFiles.writeString(out.resolve(name + ".html"), html(table));
    }

    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder("## ").append(t.title()).append("\n\n");
        sb.append("| ").append(String.join(" | ", t.columns())).append(" |\n");
        sb.append("|").append("---|".repeat(t.columns().size())).append('\n');
        for (List<String> row : t.rows()) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.append('\n').append(t.note()).append('\n').toString();
    }

    /** RFC 4180. */
    public static String csv(Table t) {
        StringBuilder sb = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(t.columns());
        all.addAll(t.rows());
        for (List<String> row : all) {
            sb.append(String.join(",", row.stream()
                    .map(f -> f.matches("(?s).*[,\"\r\n].*") ? "\"" + f.replace("\"", "\"\"") + "\"" : f).toList()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    /** The page without figures or report links (ExperimentPages adds them). */
    public static String html(Table t) {
        return ExperimentPage.html(page(t), null, "", Map.of());
    }

    static ExperimentPage.Table page(Table t) {
        return new ExperimentPage.Table(t.title(), t.columns(), t.rows(), t.ids(), t.note());
    }
}
