package org.iwae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iwae4j.bench.Benchmark;
import org.iwae4j.bench.NativeCallCount;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.config.TrainingPath;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.run.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", header = "Measure training and evaluation throughput against the machine's GEMM peak.", mixinStandardHelpOptions = true,
        description = {"Measure training throughput (examples/s) of VAE k=1, IWAE k=5 and k=50 (1 and 2 layers, batch 20 " +
                "and 100) and of the k=5000 log-likelihood estimate, with the achieved GFLOP/s and peak resident memory.",
            "First it times a large FP32 matrix product through the same engine at 1 and 2 threads (the machine's " +
                "peak); every case is also given as a percentage of that peak, and each training case with its native " +
                "(JNI) calls per step, counted exactly in a separate process.",
            "Each case warms up, then runs --repeats timings of --seconds each; prints median/min/max and writes JSON."})
final class BenchCommand extends IwaeCommand {
    @Option(names = "--seconds", defaultValue = "3", description = "Length of one timing. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--repeats", defaultValue = "5", description = "Timings per case. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--threads", defaultValue = "0",
            description = "PyTorch intra-op threads; 0 = what train and eval choose by default. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--quick", description = "Only the batch-20 cases (the paper's batch; 1 and 2 layers) and the evaluation.")
    boolean quick;

    @Option(names = "--rows-per-pass", defaultValue = "" + LogLikelihood.DEFAULT_ROWS_PER_PASS,
            description = "Examples x samples per evaluation pass. Default: ${DEFAULT-VALUE}.")
    int rowsPerPass;

    @Option(names = "--soak", defaultValue = "0",
            description = "Also run this many IWAE k=5 training steps and report resident memory growth (e.g. 20000). Default: ${DEFAULT-VALUE}.")
    long soakSteps;

    @Option(names = "--eval-only", description = "Only the evaluation case.")
    boolean evalOnly;

    @Option(names = "--eval-examples", defaultValue = "10", description = "Examples per evaluation timing. Default: ${DEFAULT-VALUE}.")
    int evalExamples;

    @Option(names = "--ais-steps", defaultValue = "100",
            description = {"Intermediate distributions of the AIS case (16 chains, 10 leapfrog steps, --eval-examples " +
                    "images, one timed run each repeat after one warm-up; the cost grows linearly with the steps); " +
                    "0 skips it. Default: ${DEFAULT-VALUE}."})
    int aisSteps;

    @Option(names = "--gemm-size", defaultValue = "2048",
            description = "Side of the square matrices of the peak measurement. Default: ${DEFAULT-VALUE}.")
    int gemmSize;

    @Option(names = "--no-native-calls", description = "Skip counting native calls per step (saves ~10 s per case).")
    boolean noNativeCalls;

    @Option(names = "--path", defaultValue = "auto",
            description = "The training step's path: auto (as training chooses: general for now), fast or general. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--case", paramLabel = "MODEL:K:LAYERS:BATCH", description = {"Only these training cases (repeatable), " +
            "e.g. iwae:50:2:20 (then no evaluation case). Default: the standard cases."})
    List<String> cases;

    @Option(names = "--alternate", description = {"Instead of the cases' own timings: the general and the fast path of each " +
            "training case in one process, taking turns for --repeats x 4 rounds of --seconds / 2 each; prints the paired " +
            "ratio fast / general (wall, and per CPU-second). For a shared, noisy machine."})
    boolean alternate;

    @Option(names = "--json", defaultValue = "bench.json", description = "Where to write the results. Default: ${DEFAULT-VALUE}.")
    Path json;

    private List<Benchmark.Case> cases() {
        if (cases == null) {
            return Benchmark.DEFAULT_CASES;
        }
        List<Benchmark.Case> list = new ArrayList<>();
        for (String c : cases) {
            String[] f = c.split(":");
            try {
                if (f.length != 4 || !List.of("vae", "iwae").contains(f[0])) {
                    throw new NumberFormatException();
                }
                list.add(new Benchmark.Case(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            } catch (NumberFormatException e) {
                throw new UserError("--case takes MODEL:K:LAYERS:BATCH with MODEL vae or iwae, e.g. iwae:50:2:20; got " + c);
            }
        }
        return list;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = out();
        Checks.positive("--seconds", seconds);
        Checks.atLeast("--repeats", repeats, 1);
        Checks.atLeast("--threads", threads, 0);
        Checks.atLeast("--eval-examples", evalExamples, 1);
        Checks.atLeast("--gemm-size", gemmSize, 64);
        Checks.atLeast("--rows-per-pass", rowsPerPass, 1);
        Checks.atLeast("--ais-steps", aisSteps, 0);
        if (soakSteps < 0) {
            throw new UserError("--soak must be 0 (none) or more, got " + soakSteps);
        }
        Checks.writable("--json", json);
        TrainingPath stepPath = TrainingPath.of(path);
        Benchmark bench = new Benchmark(threads, seconds, repeats, stepPath, stdout::println);
        stdout.printf("iwae4j bench: %d cores, %.0f s x %d repeats per case (after a warm-up as long)%n",
                Runtime.getRuntime().availableProcessors(), seconds, repeats);
        Benchmark.Peak peak = NativeCallCount.peak(threads, seconds, repeats, gemmSize, stdout::println);
        if (alternate) {
            List<Benchmark.Alternation> pairs = new ArrayList<>();
            for (Benchmark.Case c : cases()) {
                if (!quick || c.batch() == 20) {
                    pairs.add(bench.alternate(c, TrainingPath.GENERAL, TrainingPath.FAST, 4 * repeats));
                }
            }
            Json.write(json, Map.of("peak", peak, "alternations", pairs, "provenance", Provenance.now(threads, "cpu", List.of("bench"))));
            stdout.println("wrote " + json);
            return 0;
        }
        List<Benchmark.Result> results = new ArrayList<>();
        for (Benchmark.Case c : cases()) {
            if (!evalOnly && (!quick || c.batch() == 20)) {
                Benchmark.Result r = bench.training(c).withPeak(peak);
                if (!noNativeCalls) {
                    r = r.withNativeCalls(NativeCallCount.perStep(c, r.threads(), stepPath, stdout::println));
                }
                results.add(r);
            }
        }
        if (cases == null) {
            results.add(bench.evaluation(5000, evalExamples, rowsPerPass).withPeak(peak));
        }
        if (aisSteps > 0) {
            results.add(bench.ais(aisSteps, 16, 10, evalExamples).withPeak(peak));
        }
        stdout.println();
        for (Benchmark.Gemm g : peak.gemms()) {
            stdout.printf("peak: GEMM %d^3 fp32, %d thread(s): %.1f GFLOP/s%n", g.size(), g.threads(), g.gflops());
        }
        stdout.println("| case | threads | examples/s (median) | min | max | GFLOP/s | % of peak | % of peak at its threads"
                + " | native calls/step |");
        stdout.println("|---|---|---|---|---|---|---|---|---|");
        for (Benchmark.Result r : results) {
            stdout.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f %% | %.0f %% | %s |%n", r.name(), r.threads(),
                    r.median(), r.min(), r.max(), r.gflops(), r.percentOfPeak(), r.percentOfPeakAtThreads(),
                    r.nativeCallsPerStep() < 0 ? "-" : String.format("%.0f", r.nativeCallsPerStep()));
        }
        Benchmark.Soak soak = soakSteps > 0 ? bench.soak(new Benchmark.Case("iwae", 5, 1, 20), soakSteps) : null;
        long peakRss = Benchmark.residentMegabytes("VmHWM");
        stdout.println("peak resident memory: " + peakRss + " MB");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("peak", peak);
        record.put("results", results);
        record.put("peak_rss_mb", peakRss);
        record.put("evaluation_path", LogLikelihood.implementation().id());
        if (soak != null) {
            record.put("soak", soak);
        }
        record.put("provenance", Provenance.now(threads, "cpu", List.of("bench")));
        Json.write(json, record);
        stdout.println("wrote " + json);
        return 0;
    }
}
