package org.iwae4j.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.api.AisEvaluation;
import org.iwae4j.common.Json;
import org.iwae4j.run.EvalResult;
import org.iwae4j.model.Architecture;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;

/**
 * One row per run: configuration, test NLL (from eval-test.json), active units, final bounds,
 * wall time, Burda et al.'s Table 1 number where the configuration is in that table, the warm-up and
 * the epoch with the best validation bound, the posterior-collapse diagnostics of the evaluation
 * (the KL term and I(x; h_1)), and where computed the AIS NLL (eval-test-ais.json) and the
 * inference gaps (gaps-test.json).
 */
public final class Comparison {
    static final List<String> COLUMNS = List.of("run", "bound", "estimator", "k", "layers", "latent", "epochs",
            "test NLL", "± s.e.", "eval k / n", "active units", "train bound", "validation bound", "train time (s)",
            "paper NLL (3,280 epochs)", "warm-up", "best epoch (validation bound)",
            "KL (nats)", "MI (nats)", "AIS NLL", "AIS steps × chains / n",
            "approximation gap (ELBO)", "amortization gap (ELBO)");

    private final List<List<String>> rows = new ArrayList<>();

    private Comparison() {}

    public static Comparison of(List<Path> runDirs) {
        Comparison table = new Comparison();
        for (Path dir : runDirs) {
            table.rows.add(row(RunDirectory.open(dir)));
        }
        return table;
    }

    private static List<String> row(RunDirectory run) {
        RunRecord record = run.readRecord();
        Architecture arch = record.architecture();
        List<EpochMetrics> metrics = MetricsLog.read(run.metricsFile());
        EpochMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        EvalResult eval = Files.exists(run.evalFile("test")) ? Json.read(run.evalFile("test"), EvalResult.class) : null;
        boolean paperModel = arch.equals(Architecture.paper(arch.depth(), arch.inputDim()))
                && record.config().estimator() == org.iwae4j.objective.Estimator.REPARAM;
        OptionalDouble paper = paperModel
                ? PaperTable1.nll(record.config().dataset(), arch.depth(), record.config().model(), record.config().k())
                : OptionalDouble.empty();
        String none = "–";
        Path aisFile = EvalFiles.aisResult(run.root(), "test");
        AisEvaluation.Result ais = Files.exists(aisFile) ? Json.read(aisFile, AisEvaluation.Result.class) : null;
        Path gapsFile = EvalFiles.gaps(run.root(), "test");
        AisEvaluation.GapsResult gaps = Files.exists(gapsFile) ? Json.read(gapsFile, AisEvaluation.GapsResult.class) : null;
        return List.of(
                run.root().getFileName().toString(),
                bound(record.config()),
                record.config().estimator().id(),
                String.valueOf(record.config().k()),
                String.valueOf(arch.depth()),
                arch.latent().toString().replace(" ", ""),
                last == null ? "0" : String.valueOf(last.epoch()),
                eval == null ? none : fmt(eval.nll()),
                eval == null ? none : fmt(eval.stderr()),
                eval == null ? none : eval.k() + " / " + eval.n(),
                eval == null ? none : eval.activeUnits() + " / " + eval.latentUnits(),
                last == null ? none : fmt(last.trainBound()),
                last == null ? none : fmt(last.valBound()),
                last == null ? none : String.format(Locale.ROOT, "%.0f", last.elapsedSeconds()),
                paper.isPresent() ? fmt(paper.getAsDouble()) : none,
                record.config().warmup() == 0 ? none : String.valueOf(record.config().warmup()),
                bestEpoch(metrics, last),
                eval == null || eval.collapse() == null ? none : fmt(eval.collapse().kl()),
                eval == null || eval.collapse() == null ? none : fmt(eval.collapse().mutualInformation()),
                ais == null ? none : fmt(ais.nll()) + " ± " + fmt(ais.stderr()),
                ais == null ? none : ais.steps() + " × " + ais.chains() + " / " + ais.n(),
                gaps == null ? none : fmt(gaps.approximationGapElbo()),
                gaps == null ? none : fmt(gaps.amortizationGapElbo()));
    }

    /** The best epoch and its validation bound, marked when early stopping ended the run there. */
    private static String bestEpoch(List<EpochMetrics> metrics, EpochMetrics last) {
        return metrics.stream().filter(m -> last != null && m.epoch() == last.bestEpoch()).findFirst()
                .map(best -> best.epoch() + " (" + fmt(best.valBound()) + ")").orElse("–");
    }

    /** The bound with its parameters, e.g. "MIWAE (m=5)". */
    static String bound(org.iwae4j.config.TrainConfig c) {
        String name = c.model().toUpperCase(Locale.ROOT);
        return switch (c.model()) {
            case "miwae", "piwae" -> name + " (m=" + c.m() + ")";
            case "ciwae" -> name + " (β=" + c.beta() + ")";
            case "vr" -> name + " (α=" + c.alpha() + ")";
            default -> name;
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        sb.append("|").append("---|".repeat(COLUMNS.size())).append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(COLUMNS);
        all.addAll(rows);
        for (List<String> row : all) {
            sb.append(String.join(",", row.stream().map(Comparison::csvField).toList())).append("\r\n");
        }
        return sb.toString();
    }

    private static String csvField(String field) {
        return field.matches(".*[,\"\r\n].*") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
        for (String c : COLUMNS) {
            sb.append("<th>").append(Html.escape(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) {
                sb.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }
}
