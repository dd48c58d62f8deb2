package org.iwae4j.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.CollapseMeasure;
import org.iwae4j.eval.PosteriorCollapse;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.UnitsResult;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.api.RunModels;
import org.iwae4j.api.TrainedModel;

/**
 * Every picture of one trained run. Inputs are the run's test images binarized with its
 * --eval-seed (the images the test NLL is computed on); every random draw comes from {@code seed}.
 */
public final class RunPlots implements AutoCloseable {
    private final RunDirectory run;
    private final TrainConfig config;
    private final Function<String, DatasetSplits> datasets;
    private final NDManager manager;
    private final TrainedModel trained;
    private final long seed;
    private ImageSet testImages;
    private BinarizedSet test;

    /**
     * @param datasets loads a dataset by name (the CLI reads data files; tests pass synthetic data)
     * @param checkpoint a specific checkpoint, or the run's newest intact one
     */
    public RunPlots(Path runDir, Function<String, DatasetSplits> datasets, Optional<Path> checkpoint, long seed,
            Consumer<String> warnings) {
        this.run = RunDirectory.open(runDir);
        this.config = run.readRecord().config();
        this.datasets = datasets;
        this.seed = seed;
        this.manager = Torch.newManager(Torch.device("cpu"));
        this.trained = RunModels.load(run, checkpoint, manager, warnings);
    }

    public Path runDir() {
        return run.root();
    }

    /** Where plots go unless told otherwise: RUN/plots. */
    public Path defaultOut() {
        return run.root().resolve("plots");
    }

    /** e.g. "IWAE k=5, epoch 10", for titles. */
    public String label() {
        return label(trained.epoch());
    }

    private String label(int epoch) {
        return config.model().toUpperCase(java.util.Locale.ROOT) + " k=" + config.k()
                + (trained.record().architecture().depth() > 1 ? ", " + trained.record().architecture().depth() + " layers" : "")
                + ", epoch " + epoch;
    }

    private Autoencoder model() {
        return RunModels.network(trained);
    }

    private ImageSet testImages() {
        if (testImages == null) {
            testImages = datasets.apply(config.dataset()).test();
            test = Binarization.fixed(testImages, config.evalSeed());
        }
        return testImages;
    }

    private BinarizedSet test() {
        testImages();
        return test;
    }

    private NDArray inputs(NDManager scope, int[] indices) {
        BinarizedSet set = test();
        float[] x = new float[indices.length * set.dim()];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(set.pixels(), indices[i] * set.dim(), x, i * set.dim(), set.dim());
        }
        return scope.create(x, new Shape(indices.length, set.dim()));
    }

    private int[] imageShape() {
        int dim = trained.record().architecture().inputDim();
        int side = (int) Math.round(Math.sqrt(dim));
        if (side * side != dim) {
            throw new UserError("cannot show inputs of " + dim + " values as square images");
        }
        return new int[] {side, side};
    }

    /** A side x side grid of Bernoulli means decoded from draws of the prior. */
    public BufferedImage samples(int side) {
        int[] shape = imageShape();
        try (NDManager scope = manager.newSubManager()) {
            Torch.seed(new SeededRandom(seed).nextTorchSeed());
            float[] means = model().decodeMeans(model().priorSamples(side * side, scope)).toFloatArray();
            float[][] tiles = ImageGrid.split(means, side * side);
            float[][][] grid = new float[side][side][];
            for (int r = 0; r < side; r++) {
                grid[r] = Arrays.copyOfRange(tiles, r * side, (r + 1) * side);
            }
            return ImageGrid.draw(label() + ": samples from the model (Bernoulli means)", grid, shape[0], shape[1],
                    2, List.of(), null);
        }
    }

    /**
     * Per class one row of {@code perClass} pairs: a test image and the decoded mean of its posterior
     * mean; data without labels (user data) gets one row of the first test images.
     */
    public BufferedImage reconstructions(int perClass) {
        int[] shape = imageShape();
        boolean labelled = test().labels() != null;
        int[] labels = labelled ? test().labels() : new int[test().count()];
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        float[][][] grid = new float[classes][2 * perClass][];
        List<String> rowLabels = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            for (int c = 0; c < classes; c++) {
                rowLabels.add(labelled ? String.valueOf(c) : "");
                int[] members = firstOfClass(labels, c, perClass);
                if (members.length == 0) {
                    continue;
                }
                NDArray x = inputs(scope, members);
                NDArray h = model().firstPosterior(x).mean();
                float[][] recon = ImageGrid.split(model().decodeMeans(h).toFloatArray(), members.length);
                float[][] originals = ImageGrid.split(x.toFloatArray(), members.length);
                for (int i = 0; i < members.length; i++) {
                    grid[c][2 * i] = originals[i];
                    grid[c][2 * i + 1] = recon[i];
                }
            }
        }
        List<ImageGrid.Group> groups = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            groups.add(new ImageGrid.Group("input | recon.", 2 * i, 2));
        }
        return ImageGrid.draw(label() + ": test images and reconstructions from the posterior mean", grid,
                shape[0], shape[1], 2, groups, rowLabels);
    }

    private static int[] firstOfClass(int[] labels, int c, int count) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).limit(count).toArray();
    }

    /**
     * For the first {@code inputs} test images: the image, {@code draws} decoded draws from q, and
     * {@code draws} decoded q_IW draws (each resampled from k draws of q).
     */
    public BufferedImage resampled(int inputs, int k, int draws) {
        int[] shape = imageShape();
        int n = Math.min(inputs, test().count());
        SeededRandom rng = new SeededRandom(seed);
        float[][][] grid = new float[n][1 + 2 * draws][];
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = inputs(scope, java.util.stream.IntStream.range(0, n).toArray());
            float[][] originals = ImageGrid.split(x.toFloatArray(), n);
            float[][][] plain = ImportanceResampling.draw(model(), x, 1, draws, scope, rng);
            float[][][] resampled = ImportanceResampling.draw(model(), x, k, draws, scope, rng);
            for (int b = 0; b < n; b++) {
                grid[b][0] = originals[b];
                for (int s = 0; s < draws; s++) {
                    grid[b][1 + s] = decode(scope, plain[s][b]);
                    grid[b][1 + draws + s] = decode(scope, resampled[s][b]);
                }
            }
        }
        List<ImageGrid.Group> groups = List.of(new ImageGrid.Group("input", 0, 1),
                new ImageGrid.Group("draws from q(z|x)", 1, draws),
                new ImageGrid.Group("draws from q_IW(z|x), k=" + k, 1 + draws, draws));
        return ImageGrid.draw(label() + ": decoded means of posterior draws", grid, shape[0], shape[1], 2, groups, null);
    }

    private float[] decode(NDManager scope, float[] code) {
        return model().decodeMeans(scope.create(code, new Shape(1, code.length))).toFloatArray();
    }

    /**
     * 2-D codes of the first {@code n} test images coloured by label: posterior means, or one q_IW
     * draw each when {@code resampledK} is positive; one panel per saved checkpoint when
     * {@code everyCheckpoint}.
     */
    public BufferedImage latent(int n, int resampledK, boolean everyCheckpoint) {
        requireTwoDimensional();
        int count = Math.min(n, test().count());
        int[] labels = Arrays.copyOf(test().labels(), count);
        List<TrainedModel> models = new ArrayList<>();
        if (everyCheckpoint) {
            for (Path checkpoint : run.checkpoints()) {
                models.add(RunModels.load(run, Optional.of(checkpoint), manager, w -> {}));
            }
        } else {
            models.add(trained);
        }
        List<float[][]> panels = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = inputs(scope, java.util.stream.IntStream.range(0, count).toArray());
            for (TrainedModel m : models) {
                float[][] codes;
                if (resampledK > 0) {
                    codes = ImportanceResampling.draw(RunModels.network(m), x, resampledK, 1, scope, new SeededRandom(seed))[0];
                } else {
                    codes = ImageGrid.split(RunModels.network(m).firstPosterior(x).mean().toFloatArray(), count);
                }
                panels.add(codes);
            }
        }
        double[] range = ScatterChart.range(panels);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            images.add(ScatterChart.render(label(models.get(i).epoch()), panels.get(i), labels, range, 420));
        }
        String what = resampledK > 0 ? "one q_IW draw (k=" + resampledK + ") per test image" : "posterior means of test images";
        return Png.row("Latent space: " + what + ", coloured by digit", images);
    }

    /** Whether the latent and posterior plots apply: one stochastic layer of 2 units. */
    public boolean hasTwoDimensionalLatent() {
        return trained.record().architecture().latent().equals(List.of(2));
    }

    private void requireTwoDimensional() {
        List<Integer> latent = trained.record().architecture().latent();
        if (latent.get(0) != 2) {
            throw new UserError("this plot needs a 2-D latent space (train with --latent 2); " + run.root()
                    + " has " + latent.get(0) + " latent units");
        }
    }

    /** The posterior of test image {@code index} on a grid, with log p(x) by quadrature and by importance sampling. */
    public record Posterior(BufferedImage image, double logPxQuadrature, double logPxImportance, int k) {}

    public static final int[] RESAMPLING_KS = {1, 10, 100};

    public Posterior posterior(int index, int draws, int importanceK) {
        requireTwoDimensional();
        if (index < 0 || index >= test().count()) {
            throw new UserError("--index must be in [0, " + test().count() + "), got " + index);
        }
        SeededRandom rng = new SeededRandom(seed);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = inputs(scope, new int[] {index});
            PosteriorGrid grid = PosteriorGrid.of(model(), x);
            List<double[][]> densities = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            densities.add(grid.truePosterior());
            titles.add("true posterior p(z|x)");
            densities.add(grid.encoder());
            titles.add("encoder q(z|x)");
            for (int k : RESAMPLING_KS) {
                densities.add(grid.resampled(model(), x, k, draws, rng));
                titles.add("q_IW(z|x), k=" + k);
            }
            float[] image = Arrays.copyOfRange(test().pixels(), index * test().dim(), (index + 1) * test().dim());
            List<BufferedImage> panels = new ArrayList<>();
            panels.add(ImageGrid.draw("input x", new float[][][] {{image}}, imageShape()[0], imageShape()[1], 3,
                    List.of(), null));
            for (int i = 0; i < densities.size(); i++) {
                // Each panel has its own colour scale: a broad q next to a peaked posterior would be invisible on a shared one.
                panels.add(DensityChart.render(titles.get(i), grid, densities.get(i), max(densities.get(i)), 340));
            }
            BinarizedSet one = new BinarizedSet("x", image, 1, test().dim(), null);
            double importance = LogLikelihood.estimate(model(), one, importanceK, LogLikelihood.DEFAULT_ROWS_PER_PASS,
                    scope, new SeededRandom(seed + 1), done -> {})[0];
            String title = String.format("%s, test image %d: log p(x) = %.2f by quadrature, %.2f by importance sampling (k=%d); q_IW from %d resampled draws",
                    label(), index, grid.logPxQuadrature, importance, importanceK, draws);
            return new Posterior(Png.row(title, panels), grid.logPxQuadrature, importance, importanceK);
        }
    }

    private static double max(double[][] values) {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).max().orElse(1);
    }

    /**
     * Histogram of the log variances of posterior means over the first {@code limit} test images
     * (0 = all), measured now with this plot's seed.
     */
    public BufferedImage units(int limit) {
        BinarizedSet set = limit > 0 ? test().first(limit) : test();
        List<double[]> variances = ActiveUnits.variances(model(), set, manager, new SeededRandom(seed));
        int active = variances.stream().mapToInt(ActiveUnits::count).sum();
        int total = variances.stream().mapToInt(v -> v.length).sum();
        PosteriorCollapse collapse = CollapseMeasure.measure(model(), set, manager, new SeededRandom(seed + 1));
        return unitsChart(variances, collapse, String.format("%d of %d units active", active, total),
                String.format("%d test images, plot seed %d", set.count(), seed));
    }

    private BufferedImage unitsChart(List<double[]> variances, PosteriorCollapse collapse, String units, String source) {
        BufferedImage histogram = UnitsChart.render("posterior-mean variance", variances, 900, 500);
        if (collapse == null) { // an evaluation written before the collapse diagnostics
            return UnitsChart.render(String.format("%s: %s (%s)", label(), units, source), variances, 900, 500);
        }
        BufferedImage kl = UnitsChart.renderKl(variances, collapse, 900, 500);
        return Png.row(String.format("%s: %s, KL %.2f, MI %.2f nats (%s)", label(), units, collapse.kl(),
                collapse.mutualInformation(), source), List.of(histogram, kl));
    }

    /**
     * The same histogram for the units an evaluation counted, so that it shows the number the
     * evaluation reports.
     *
     * @param evaluated the units-SPLIT.json of an evaluation
     * @param split the evaluated split
     * @return the chart
     */
    public BufferedImage units(UnitsResult evaluated, String split) {
        return unitsChart(evaluated.variances(), evaluated.collapse(),
                String.format("%d of %d units active", evaluated.active(), evaluated.latent()),
                String.format("%d %s images, as in eval-%s.json", evaluated.n(), split, split));
    }

    /**
     * The first layer of q (one tile per hidden unit: its weights on the input pixels) and the last
     * layer of p (one tile per hidden unit: its weights on the output logits), first {@code count} units each.
     */
    public BufferedImage filters(int count) {
        int[] shape = imageShape();
        Parameters parameters = model().parameters();
        NDArray encoderWeights = firstExisting(parameters, "q1.hidden0.weight", "q1.out.weight"); // [units, pixels]
        NDArray decoderWeights = parameters.byName().get("px.out.weight").transpose(); // [units, pixels]
        BufferedImage q = FilterTiles.render("first layer of q(z|x)", encoderWeights, count, shape);
        BufferedImage p = FilterTiles.render("last layer of p(x|z)", decoderWeights, count, shape);
        return Png.row(label() + ": weights as images (grey = 0, per-tile scale)", List.of(q, p));
    }

    private static NDArray firstExisting(Parameters parameters, String... names) {
        for (String name : names) {
            NDArray a = parameters.byName().get(name);
            if (a != null) {
                return a;
            }
        }
        throw new UserError("the model has none of " + String.join(", ", names));
    }

    @Override
    public void close() {
        manager.close();
    }
}
