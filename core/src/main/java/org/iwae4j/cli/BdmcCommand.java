package org.iwae4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.Bdmc;
import org.iwae4j.api.RunModels;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.plot.BdmcChart;
import org.iwae4j.plot.Png;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bdmc", header = "Bidirectional Monte Carlo bounds on log p(x): how exact AIS is for a run.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bidirectional Monte Carlo (Grosse et al. 2015, Wu et al. 2017): simulate --n pairs (h, x) from the run's model, so that h is an exact draw from p(h|x); forward AIS gives a stochastic lower bound of log p(x), reverse AIS started at the exact h a stochastic upper bound. Their gap, per number of intermediate distributions, bounds the error of AIS with these settings on data like the model's own.",
            "Writes RUN/bdmc.json and RUN/bdmc.png.", AisOptions.EXACTNESS},
        footer = {"", "Example:", "  iwae bdmc runs/iwae-k50 --n 100 --ais-steps 100,500,2000 --chains 16"})
final class BdmcCommand extends IwaeCommand {
    @Parameters(paramLabel = "RUN", description = "Run directory.")
    Path run;

    @Option(names = "--n", description = "Simulated pairs (h, x). Default: ${DEFAULT-VALUE}.")
    int n = 100;

    @Option(names = "--ais-steps", split = ",", paramLabel = "T1,T2,...",
            description = "Numbers of intermediate distributions to compare. Default: 100,1000.")
    List<Integer> steps = List.of(100, 1000);

    @Mixin
    AisOptions ais;

    @Option(names = "--seed", description = "Seed of the simulation and the chains. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads; 0 = auto (2). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    /** What bdmc.json holds. */
    record Result(String run, int n, String schedule, String init, int chains, int leapfrog, long seed,
            List<Map<String, Object>> bounds, Provenance provenance) {}

    @Override
    public Integer call() {
        InvalidParameterException.require(n >= 1, "n", "must be at least 1, got " + n);
        int[] list = steps.stream().mapToInt(Integer::intValue).toArray();
        AisSettings settings = ais.toSettings(list.length == 0 ? 0 : list[0]);
        for (int t : list) {
            settings.withSteps(t); // every number is checked before anything long
        }
        RunDirectory directory = RunDirectory.open(run);
        Path json = EvalFiles.bdmc(run);
        AtomicFiles.checkWritable(json);
        int effective = EvalConfig.defaults().threads(threads).effectiveThreads();
        Torch.setThreads(effective);
        List<Bdmc.Bounds> bounds;
        try (NDManager manager = Torch.newManager(Torch.device("cpu"));
                TrainedModel trained = RunModels.load(directory, Optional.empty(), manager,
                        m -> err().println("iwae: warning: " + m))) {
            var listener = ConsoleProgress.evaluation("bdmc " + run, quiet, err());
            listener.evaluationStarted(n * list.length);
            bounds = Bdmc.run(RunModels.network(trained), n, settings, list, seed, manager, listener::evaluated);
        }
        var out = out();
        out.printf("%8s  %12s  %12s  %8s  %10s  %8s%n", "steps", "lower (fwd)", "upper (rev)", "gap", "acceptance", "seconds");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<BdmcChart.Point> points = new ArrayList<>();
        for (Bdmc.Bounds b : bounds) {
            out.printf("%8d  %12.3f  %12.3f  %8.3f  %5.2f/%4.2f  %8.1f%n", b.steps(), b.meanLower(), b.meanUpper(), b.gap(),
                    b.forwardAcceptance(), b.reverseAcceptance(), b.seconds());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("steps", b.steps());
            row.put("lower", b.meanLower());
            row.put("upper", b.meanUpper());
            row.put("gap", b.gap());
            row.put("forward_acceptance", b.forwardAcceptance());
            row.put("reverse_acceptance", b.reverseAcceptance());
            row.put("seconds", b.seconds());
            row.put("lower_per_example", b.lower());
            row.put("upper_per_example", b.upper());
            rows.add(row);
            points.add(new BdmcChart.Point(b.steps(), b.meanLower(), b.meanUpper()));
        }
        Json.write(json, new Result(run.toString(), n, settings.schedule(), settings.init().id(), settings.chains(),
                settings.leapfrog(), seed, rows, Provenance.now(effective, "cpu",
                        originalArgs())));
        Png.write(BdmcChart.render(points, 800, 500), EvalFiles.bdmcChart(run));
        return 0;
    }
}
