package org.iwae4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.eval.GradientSnr;
import org.iwae4j.objective.Estimators;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Objectives;
import org.iwae4j.plot.Png;
import org.iwae4j.plot.SnrChart;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.RunModels;
import org.iwae4j.api.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", header = "Gradient signal-to-noise ratio of the estimators at a run's parameters.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gradient signal-to-noise ratio at a run's current parameters (Rainforth et al. 2018, 'Tighter " +
                "variational bounds are not necessarily better'): for a fixed minibatch, the gradient is drawn --draws times " +
                "per estimator and k; per parameter SNR = |mean| / std, averaged over the encoder's and the decoder's " +
                "parameters. IWAE's encoder SNR falls with k; DReG's does not. Writes RUN/diagnose.json."},
        footer = {"", "Example:", "  iwae diagnose runs/iwae-k50 --k 1,5,50 --estimator reparam,stl,dreg"})
final class DiagnoseCommand extends DatasetCommand {
    @Parameters(paramLabel = "RUN", description = "Run directory.")
    Path run;

    @Option(names = "--k", split = ",", defaultValue = "1,5,50", description = "Sample counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> ks;

    @Option(names = "--estimator", split = ",", defaultValue = "reparam,stl,dreg",
            description = "Estimators to compare. Default: ${DEFAULT-VALUE}.")
    List<String> estimators;

    @Option(names = "--model", defaultValue = "iwae", description = "The bound whose gradient is measured. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--draws", defaultValue = "200", description = "Gradient draws per cell. Default: ${DEFAULT-VALUE}.")
    int draws;

    @Option(names = "--batch", defaultValue = "20", description = "Fixed minibatch: the first N training images. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the gradient draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (draws < 2 || batch < 1 || ks.stream().anyMatch(k -> k < 1)) {
            throw new UserError("--draws must be at least 2, --batch and every --k at least 1");
        }
        estimators.forEach(Estimators::byName);
        Objective objective = Objectives.byName(model);
        RunDirectory dir = RunDirectory.open(run);
        TrainConfig config = dir.readRecord().config();
        DatasetSplits splits = Datasets.byName(config.dataset()).load(data.dataDir);
        BinarizedSet minibatch = splits.forEvaluation(splits.train().subset(0, Math.min(batch, splits.train().size())),
                config.evalSeed());
        Torch.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<SnrChart.Point> points = new ArrayList<>();
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            TrainedModel trained = RunModels.load(dir, Optional.empty(), manager, err()::println);
            out().printf("gradient SNR of the %s bound at epoch %d, %d draws on %d training images%n", model,
                    trained.epoch(), draws, minibatch.count());
            out().println("| estimator | k | encoder SNR | decoder SNR |");
            out().println("|---|---|---|---|");
            for (String name : estimators) {
                for (int k : ks) {
                    GradientSnr.Result r = GradientSnr.measure(RunModels.network(trained), objective, Estimators.byName(name), k,
                            minibatch, draws, manager, seed);
                    out().printf("| %s | %d | %.4f | %.4f |%n", name, k, r.encoder(), r.decoder());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("estimator", name);
                    row.put("k", k);
                    row.put("encoder_snr", r.encoder());
                    row.put("decoder_snr", r.decoder());
                    rows.add(row);
                    points.add(new SnrChart.Point(name, k, r.encoder(), r.decoder()));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bound", model);
            out.put("epoch", trained.epoch());
            out.put("draws", draws);
            out.put("batch", minibatch.count());
            out.put("rows", rows);
            out.put("provenance", Provenance.now(Torch.threads(), "cpu", List.of("diagnose")));
            Path file = run.resolve("diagnose.json");
            Json.write(file, out);
            out().println("wrote " + file);
            Path png = Png.write(SnrChart.render(points, String.format("Gradient SNR of the %s bound, %s, epoch %d",
                    model, run.getFileName(), trained.epoch()), 900, 560), run.resolve("plots").resolve("snr.png"));
            out().println("wrote " + png);
        }
        return 0;
    }
}
