package org.iwae4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iwae4j.api.Evaluation;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Json;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.plot.GridCell;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.train.ProgressListener;

/**
 * A partial experiment grid of real tiny runs on a generated npz, trained and evaluated (with and
 * without inactive units) as the experiment's tasks do: 1 layer, k=1 and VAE/IWAE k=5 with seeds
 * 1 and 2 done, IWAE k=50 pending; 2 layers, k=1 done and IWAE k=5 running (one epoch, not evaluated).
 */
public final class TinyGrid {
    /** The experiment directory (runs under OUT/ID), where the data lives, its dataset name, the cells. */
    public record Grid(Path out, Path dataDir, String dataset, List<GridCell> cells) {}

    private static Grid shared;

    private TinyGrid() {}

    /** One grid for every test of this JVM (in a temporary directory removed at exit); tests may add files. */
    public static synchronized Grid shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("tiny-grid");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            shared = build(dir.resolve("experiment"));
        }
        return shared;
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: nothing to do
        }
    }

    public static Grid build(Path out) throws IOException {
        Path dataDir = out.resolveSibling(out.getFileName() + "-data");
        Files.createDirectories(dataDir);
        String dataset = "npz:" + Cli.npz(dataDir.resolve("toy.npz"), 80, 4, 1);
        List<GridCell> cells = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            cells.add(cell(out, dataDir, dataset, 1, "vae", 1, seed, 2, true));
            cells.add(cell(out, dataDir, dataset, 1, "vae", 5, seed, 2, true));
            cells.add(cell(out, dataDir, dataset, 1, "iwae", 5, seed, 2, true));
            cells.add(cell(out, dataDir, dataset, 1, "iwae", 50, seed, 0, false));
        }
        cells.add(cell(out, dataDir, dataset, 2, "vae", 1, 1, 2, true));
        cells.add(cell(out, dataDir, dataset, 2, "iwae", 5, 1, 1, false));
        return new Grid(out, dataDir, dataset, cells);
    }

    private static GridCell cell(Path out, Path dataDir, String dataset, int layers, String model, int k, long seed,
            int epochs, boolean evaluate) {
        String id = String.format(Locale.ROOT, "L%d-%s-k%d-s%d", layers, model, k, seed);
        if (epochs == 0) {
            return new GridCell(id, dataset, layers, model, k, seed, "pending", List.of(), null, null);
        }
        Path dir = out.resolve(id);
        TrainConfig config = TrainConfig.defaults().dataset(dataset).model(model).k(k).layers(layers)
                .hidden(layers == 1 ? new Integer[] {8} : new Integer[] {8, 6})
                .latent(layers == 1 ? new Integer[] {3} : new Integer[] {3, 2}).epochs(epochs).learningRate(3e-3)
                .batchSize(10).seed(seed).threads(1).device(ComputeDevice.CPU).validate();
        TrainingRun.start(dir, config, dataDir, ProgressListener.SILENT, List.of("test"));
        if (!evaluate) {
            return new GridCell(id, dataset, layers, model, k, seed, "running", MetricsLog.read(dir.resolve("metrics.jsonl")),
                    null, null);
        }
        EvalConfig eval = EvalConfig.defaults().k(5).seed(1).threads(1).device(ComputeDevice.CPU);
        EvalResult test = Evaluation.run(dir, eval, true, dataDir, ProgressListener.SILENT, List.of("test"));
        EvalResult pruned = Json.read(dir.resolve("eval-test-pruned.json"), EvalResult.class);
        return new GridCell(id, dataset, layers, model, k, seed, "done", MetricsLog.read(dir.resolve("metrics.jsonl")),
                test, pruned);
    }
}
