package org.iwae4j.api;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.common.Torch;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.Provenance;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.train.ProgressListener;

/** Scores a run on one split: log-likelihood estimate and active units, saved as eval-SPLIT.json. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param runDir the run directory
     * @param options k, split, limit, seed, threads, checkpoint
     * @param dataDir where the named datasets live
     * @param progress hears of passes done and of skipped corrupt checkpoints
     * @param command the command line, recorded as provenance
     * @return what eval-SPLIT.json now holds
     */
    public static EvalResult run(Path runDir, EvalConfig options, Path dataDir, ProgressListener progress,
            List<String> command) {
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
        Torch.setThreads(options.effectiveThreads());
        try (NDManager manager = Torch.newManager(Torch.device(options.device()));
                TrainedModel trained = TrainedModel.load(run, options.checkpoint(), manager, progress::message)) {
            long start = System.nanoTime();
            LogLikelihoodEstimate ll = trained.logLikelihood(set, options, progress);
            List<double[]> variances = ActiveUnits.variances(trained.model(), set, manager,
                    new org.iwae4j.common.SeededRandom(options.seed() + 1));
            List<Integer> activePerLayer = variances.stream().map(ActiveUnits::count).toList();
            int latentUnits = variances.stream().mapToInt(v -> v.length).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            EvalResult result = new EvalResult(runDir.toString(), options.split(), set.count(), options.k(), ll.nll(),
                    ll.stderr(), activePerLayer.stream().mapToInt(Integer::intValue).sum(), latentUnits, activePerLayer,
                    trained.epoch(), config.model(), config.k(), config.layers(), options.seed(), config.evalSeed(),
                    seconds, set.count() / seconds, trained.checkpoint().getFileName().toString(),
                    Provenance.now(options.effectiveThreads(), options.device().id(), command));
            Json.write(run.evalFile(options.split()), result);
            return result;
        }
    }
}
