package org.iwae4j.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.iwae4j.ais.AisSettings;
import org.iwae4j.ais.AnnealedImportanceSampling;
import org.iwae4j.ais.Bdmc;
import org.iwae4j.ais.InferenceGaps;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.ActiveUnits;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.eval.CollapseMeasure;
import org.iwae4j.eval.PosteriorCollapse;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.run.RunRecord;
import org.iwae4j.train.ProgressListener;
import org.iwae4j.train.TrainingState;

/**
 * A trained VAE or IWAE: score images (log p(x) per example), draw samples, encode and decode, save
 * as a run directory the CLI reads. Holds native memory: close it (try-with-resources). Not
 * thread-safe; sampling and scoring re-seed the engine's one global generator.
 */
public final class TrainedModel implements AutoCloseable {
    private final RunRecord record;
    private final Autoencoder model;
    private final int epoch;
    private final Path checkpoint;
    private final TrainingState state;
    private final List<EpochMetrics> metrics;
    private final NDManager manager;
    private final boolean ownsManager;

    TrainedModel(RunRecord record, Autoencoder model, int epoch, Path checkpoint, TrainingState state,
            List<EpochMetrics> metrics, NDManager manager, boolean ownsManager) {
        this.record = record;
        this.model = model;
        this.epoch = epoch;
        this.checkpoint = checkpoint;
        this.state = state;
        this.metrics = List.copyOf(metrics);
        this.manager = manager;
        this.ownsManager = ownsManager;
    }

    /**
     * The newest intact checkpoint of a run directory.
     *
     * @param runDir a run directory written by {@link #save}, {@link Iwae#train(TrainConfig, Path, Path,
     *     ProgressListener)} or {@code ./iwae train}
     * @return the model; close it
     */
    public static TrainedModel load(Path runDir) {
        return load(runDir, null);
    }

    /**
     * One checkpoint of a run directory.
     *
     * @param runDir a run directory
     * @param checkpoint a checkpoint file of it, {@code best} (checkpoints/best.ckpt), or {@code latest}
     *     or null for the newest intact one
     * @return the model; close it
     */
    public static TrainedModel load(Path runDir, Path checkpoint) {
        Arguments.notNull(runDir, "runDir");
        RunDirectory run = RunDirectory.open(runDir);
        NDManager manager = Torch.newManager(Torch.device(run.readRecord().config().device()));
        try {
            return load(run, Optional.ofNullable(checkpoint), manager, line -> {}, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A checkpoint of a run into a manager the caller owns (internal; through {@link RunModels#load}). */
    static TrainedModel load(RunDirectory run, Optional<Path> checkpoint, NDManager manager,
            Consumer<String> warnings) {
        Arguments.notNull(run, "run", checkpoint, "checkpoint", manager, "manager", warnings, "warnings");
        return load(run, checkpoint, manager, warnings, false);
    }

    private static TrainedModel load(RunDirectory run, Optional<Path> checkpoint, NDManager manager,
            Consumer<String> warnings, boolean ownsManager) {
        RunRecord record = run.readRecord();
        Path file = run.checkpoint(checkpoint, warnings);
        Checkpoint.Loaded loaded = Checkpoint.read(file, manager);
        Parameters parameters = Parameters.restored(manager, loaded.parameters());
        Autoencoder model = new Autoencoder(record.architecture(), parameters, new float[record.architecture().inputDim()]);
        return new TrainedModel(record, model, loaded.state().epoch(), file, null, MetricsLog.read(run.metricsFile()),
                manager, ownsManager);
    }

    /** @return config.json's content: configuration, model sizes, data digests, provenance */
    public RunRecord record() {
        return record;
    }

    /** @return the configuration it was trained with */
    public TrainConfig config() {
        return record.config();
    }

    /** @return the model's sizes */
    public Architecture architecture() {
        return record.architecture();
    }

    /** The network, for the lower layers (internal; through {@link RunModels#network}). */
    Autoencoder model() {
        return model;
    }

    /** @return the epochs trained */
    public int epoch() {
        return epoch;
    }

    /** @return the checkpoint file it was loaded from; null for a model trained in memory and not saved */
    public Path checkpoint() {
        return checkpoint;
    }

    /** @return the metrics of every epoch trained */
    public List<EpochMetrics> metrics() {
        return metrics;
    }

    /**
     * log p(x) of each image by importance sampling, with the default evaluation settings
     * ({@link EvalConfig#defaults()}, seed 1).
     *
     * @param images images of the model's size; grey levels are binarized once with the run's evaluation seed
     * @param k importance samples per image (the paper uses 5000)
     * @return the mean NLL, its standard error and the per-example values
     */
    public LogLikelihoodEstimate logLikelihood(ImageSet images, int k) {
        return logLikelihood(images, EvalConfig.defaults().k(k), ProgressListener.SILENT);
    }

    /**
     * @param images one row of intensities in [0, 1] per image
     * @param k importance samples per image
     * @return the mean NLL, its standard error and the per-example values
     */
    public LogLikelihoodEstimate logLikelihood(float[][] images, int k) {
        return logLikelihood(ImageData.images("images", images), k);
    }

    /**
     * log p(x) of each image by importance sampling.
     *
     * @param images images of the model's size
     * @param options k, samples per pass, seed, threads ({@code split} is not used here; {@code limit} is)
     * @param progress hears of passes done
     * @return the mean NLL, its standard error and the per-example values
     */
    public LogLikelihoodEstimate logLikelihood(ImageSet images, EvalConfig options, ProgressListener progress) {
        Arguments.notNull(images, "images", options, "options", progress, "progress");
        BinarizedSet set = binarized(images);
        if (options.validate().limit() > 0) {
            set = set.first(Math.min(options.limit(), set.count()));
        }
        return logLikelihood(set, options, progress);
    }

    LogLikelihoodEstimate logLikelihood(BinarizedSet set, EvalConfig options, ProgressListener progress) {
        Torch.setThreads(options.effectiveThreads());
        progress.evaluationStarted(set.count());
        // Seeded by position: any split of the set into shards gives the same per-example values.
        double[] logPx = LogLikelihood.estimateRange(model, set, 0, set.count(), options.k(), options.rowsPerPass(),
                manager, options.seed(), progress::evaluated);
        return LogLikelihoodEstimate.of(logPx, options.k());
    }

    /**
     * log p(x) of each image by annealed importance sampling (see {@link AisSettings} for the path,
     * the HMC transitions and why their step sizes, tuned in a pilot run and then frozen, keep the
     * estimate unbiased for p(x)). Higher than the importance-sampling estimate on trained models.
     *
     * @param images images of the model's size; grey levels are binarized once with the run's evaluation seed
     * @param settings the AIS settings, e.g. {@code AisSettings.of(1000, "sigmoid", AisInit.PRIOR, 16, 10)}
     * @param seed the seed of the chains
     * @return the mean NLL, its standard error and the per-example values ({@code k} is 0)
     */
    public LogLikelihoodEstimate logLikelihoodAis(ImageSet images, AisSettings settings, long seed) {
        BinarizedSet set = binarized(images);
        double[] logPx = new AnnealedImportanceSampling(settings).estimate(model, set, 0, set.count(), seed, manager,
                done -> {});
        return LogLikelihoodEstimate.of(logPx, 0);
    }

    /**
     * Bidirectional Monte Carlo on {@code n} pairs (h, x) simulated from this model: forward AIS
     * (a stochastic lower bound of log p(x)) and reverse AIS from the exact h (an upper bound), per
     * number of intermediate distributions.
     *
     * @param n simulated pairs
     * @param settings chains, leapfrog steps, start and schedule (the number of steps comes from {@code steps})
     * @param steps the numbers of intermediate distributions to compare
     * @param seed the seed of the simulation and the chains
     * @return the bounds per number of steps, per example
     */
    public List<Bdmc.Bounds> bdmc(int n, AisSettings settings, int[] steps, long seed) {
        return Bdmc.run(model, n, settings, steps, seed, manager, done -> {});
    }

    /**
     * The inference gaps of Cremer et al. (2018) per image: log p(x) by AIS, the encoder's and the
     * best factorized-Gaussian ELBO and IWAE-k bounds (with two stochastic layers, q(h_1) per example
     * and the encoder's q(h_2 | h_1) with per-example offsets; see {@link InferenceGaps}).
     *
     * @param images images of the model's size
     * @param ais the AIS settings for log p(x)
     * @param settings the per-example optimization
     * @param seed the seed of AIS, the fixed noise and the optimization
     * @return per-image bounds; the mean gaps by its accessors
     */
    public InferenceGaps.Result inferenceGaps(ImageSet images, AisSettings ais, InferenceGaps.Settings settings,
            long seed) {
        BinarizedSet set = binarized(images);
        return InferenceGaps.run(model, set, 0, set.count(), ais, settings, seed, manager, done -> {});
    }

    /**
     * Active units per stochastic layer (Burda et al.): units whose posterior mean varies over the
     * images by more than 0.01.
     *
     * @param images the images, e.g. the test set
     * @param seed the seed of the samples of deeper layers
     * @return the variance of each unit's posterior mean, per stochastic layer
     */
    public List<double[]> activityVariances(ImageSet images, long seed) {
        return ActiveUnits.variances(model, binarized(images), manager, new SeededRandom(seed));
    }

    /**
     * Posterior-collapse diagnostics: each latent unit's average KL(q(h | x) || p(h)) over the
     * images, their sum (the ELBO's KL term), and the mutual information I(x; h_1) under the
     * aggregate posterior.
     *
     * @param images the images, e.g. the test set
     * @param seed the seed of the draws
     * @return the diagnostics
     */
    public PosteriorCollapse collapse(ImageSet images, long seed) {
        return CollapseMeasure.measure(model, binarized(images), manager, new SeededRandom(seed));
    }

    /**
     * Draws images from the generative model: h from the prior, then the Bernoulli means p(x | h).
     *
     * @param n how many
     * @param seed the seed of the draws
     * @return n rows of pixel probabilities
     */
    public float[][] sample(int n, long seed) {
        InvalidParameterException.require(n >= 1, "n", "must be at least 1, got " + n);
        try (NDManager scope = manager.newSubManager()) {
            Torch.seed(new SeededRandom(seed).nextTorchSeed());
            return rows(model.decodeMeans(model.priorSamples(n, scope)), n);
        }
    }

    /**
     * The means of q(h_1 | x), the first stochastic layer's posterior (the codes {@link #decode} reads).
     *
     * @param images images of the model's size; grey levels are binarized once with the run's evaluation seed
     * @return one row of latent means per image
     */
    public float[][] encode(ImageSet images) {
        BinarizedSet set = binarized(images);
        try (NDManager scope = manager.newSubManager()) {
            return rows(model.firstPosterior(set.rows(scope, 0, set.count())).mean(), set.count());
        }
    }

    /**
     * @param images one row of intensities in [0, 1] per image
     * @return one row of latent means per image
     */
    public float[][] encode(float[][] images) {
        return encode(ImageData.images("images", images));
    }

    /**
     * The Bernoulli means p(x | h_1) for codes of the first stochastic layer.
     *
     * @param codes one row of {@code architecture().latent().get(0)} values per image
     * @return one row of pixel probabilities per code
     */
    public float[][] decode(float[][] codes) {
        int latent = architecture().latent().get(0);
        InvalidParameterException.requireNonNull(codes, "codes");
        InvalidParameterException.require(codes.length > 0, "codes", "needs at least one row");
        float[] flat = new float[codes.length * latent];
        for (int i = 0; i < codes.length; i++) {
            InvalidParameterException.require(codes[i] != null, "codes", "row " + i + " is null");
            InvalidParameterException.require(codes[i].length == latent, "codes",
                    "row " + i + " has " + codes[i].length + " values, the model's first latent layer " + latent);
            System.arraycopy(codes[i], 0, flat, i * latent, latent);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = scope.create(flat, new ai.djl.ndarray.types.Shape(codes.length, latent));
            return rows(model.decodeMeans(h), codes.length);
        }
    }

    /**
     * Saves as a run directory: config.json, metrics.jsonl and a checkpoint that {@code ./iwae} and
     * {@link #load} read (and, for a model trained here, {@code ./iwae train --resume} continues).
     *
     * @param runDir a directory that holds no run yet
     */
    public void save(Path runDir) {
        Arguments.notNull(runDir, "runDir");
        RunDirectory run = RunDirectory.createFresh(runDir);
        try (RunDirectory.Lock lock = run.lockForTraining()) {
            run.writeRecord(record);
            MetricsLog log = MetricsLog.empty(run.metricsFile());
            metrics.forEach(log::append);
            if (state != null) {
                state.writeCheckpoint(run.checkpointFor(epoch));
            } else {
                // through AtomicFiles: forced to disk, and a temporary an interrupted copy leaves is
                // named as iwae4j's, so that it is removed as stale later
                org.iwae4j.common.AtomicFiles.write(run.checkpointFor(epoch), out -> Files.copy(checkpoint, out));
            }
        }
    }

    BinarizedSet binarized(ImageSet images) {
        InvalidParameterException.requireNonNull(images, "images");
        if (images.dimension() != architecture().inputDim()) {
            throw new InvalidParameterException("images", "the images have " + images.dimension()
                    + " pixels, the model " + architecture().inputDim());
        }
        return images.isBinary() ? Binarization.asIs(images) : Binarization.fixed(images, config().evalSeed());
    }

    private static float[][] rows(NDArray array, int n) {
        float[] flat = array.toFloatArray();
        int width = flat.length / n;
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }

    /** Frees the native memory (unless the caller owns the manager). */
    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
