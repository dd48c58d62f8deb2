package org.iwae4j.api;

import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.run.EvalResult;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.iwae4j.common.Json;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.data.ImageSet;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.TrainedModel;

/** Scores a trained run on one split: log-likelihood estimate and active units, saved as JSON. */
public final class Evaluation {
    public static final List<String> SPLITS = List.of("test", "validation", "train");

    /** What to evaluate; {@code limit} 0 means the whole split. */
    public record Options(int k, String split, int limit, int rowsPerPass, long seed, int threads,
            String device, Optional<Path> checkpoint) {
        public Options validate() {
            if (k < 1) {
                throw new UserError("--k must be at least 1, got " + k);
            }
            if (!SPLITS.contains(split)) {
                throw new UserError("unknown split '" + split + "' (known: " + String.join(", ", SPLITS) + ")");
            }
            if (limit < 0) {
                throw new UserError("--limit must be 0 (all) or more, got " + limit);
            }
            if (rowsPerPass < 1) {
                throw new UserError("--rows-per-pass must be at least 1, got " + rowsPerPass);
            }
            if (threads < 0) {
                throw new UserError("--threads must be 0 (auto) or more, got " + threads);
            }
            return this;
        }
    }

    private Evaluation() {}

    /** Progress: told the total once, then examples done. */
    public interface Progress {
        void start(int total);

        void done(int examples);
    }

    public static EvalResult run(Path runDir, Options options, Path dataDir, Progress progress,
            Consumer<String> warnings, List<String> command) {
        options.validate();
        RunDirectory run = RunDirectory.open(runDir);
        TrainConfig config = run.readRecord().config();
        DatasetSplits data = Datasets.byName(config.dataset()).load(dataDir);
        ImageSet images = switch (options.split()) {
            case "test" -> data.test();
            case "validation" -> data.validation();
            default -> data.train();
        };
        BinarizedSet set = data.forEvaluation(images, config.evalSeed());
        if (options.limit() > 0) {
            set = set.first(options.limit());
        }
        int threads = options.threads() > 0 ? options.threads() : Math.min(2, Runtime.getRuntime().availableProcessors());
        Torch.setThreads(threads);
        try (NDManager manager = Torch.newManager(Torch.device(options.device()))) {
            TrainedModel trained = TrainedModel.load(run, options.checkpoint(), manager, warnings);
            long start = System.nanoTime();
            progress.start(set.count());
            IntConsumer done = progress::done;
            double[] logPx = LogLikelihood.estimate(trained.model(), set, options.k(), options.rowsPerPass(),
                    manager, new SeededRandom(options.seed()), done);
            List<double[]> variances = ActiveUnits.variances(trained.model(), set, manager,
                    new SeededRandom(options.seed() + 1));
            List<Integer> activePerLayer = variances.stream().map(ActiveUnits::count).toList();
            int latentUnits = variances.stream().mapToInt(v -> v.length).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            double mean = 0;
            for (double v : logPx) {
                mean += v;
            }
            mean /= logPx.length;
            double squares = 0;
            for (double v : logPx) {
                squares += (v - mean) * (v - mean);
            }
            double stderr = logPx.length > 1 ? Math.sqrt(squares / (logPx.length - 1) / logPx.length) : Double.NaN;
            EvalResult result = new EvalResult(runDir.toString(), options.split(), set.count(), options.k(), -mean, stderr,
                    activePerLayer.stream().mapToInt(Integer::intValue).sum(), latentUnits, activePerLayer, trained.epoch(), config.model(), config.k(),
                    config.layers(), options.seed(), config.evalSeed(), seconds, set.count() / seconds,
                    trained.checkpoint().getFileName().toString(),
                    Provenance.now(threads, options.device(), command));
            Json.write(run.evalFile(options.split()), result);
            return result;
        }
    }
}
