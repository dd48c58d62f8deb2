package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.iwae4j.api.Iwae;
import org.iwae4j.api.RunModels;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Mnist;
import org.iwae4j.eval.LogLikelihood;
import org.iwae4j.plot.PosteriorGrid;
import org.iwae4j.testing.TinyModels;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * AIS from the prior against quadrature on models with a 2-D latent space: 50 test images of a VAE
 * on small synthetic images (the quadrature of {@code plot posterior}, {@link PosteriorGrid}), and
 * 50 MNIST test images plus one whose posterior has a mode the encoder misses (a quadrature refined
 * where the mass is, {@link AdaptiveQuadrature}).
 */
class AisQuadratureTest {
    static final int IMAGES = 50;

    @Test
    void aisFromThePriorMatchesQuadratureOnFiftySyntheticImages() {
        DatasetSplits small = new DatasetSplits("toy", TinyModels.images("train", 200, 4, 1),
                TinyModels.images("validation", 20, 4, 2), TinyModels.images("test", IMAGES, 4, 3));
        TrainConfig config = TrainConfig.defaults().model("vae").k(1).latent(2).hidden(8).epochs(20).seed(1)
                .learningRate(3e-3).batchSize(10).threads(1).device(ComputeDevice.CPU);
        try (TrainedModel trained = Iwae.train(config, RunModels.imageData(small), ProgressListener.SILENT);
                NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            BinarizedSet set = Binarization.fixed(small.test(), config.evalSeed());
            AisSettings settings = AisSettings.of(400, "sigmoid", AisInit.PRIOR, 48, 5);
            double[] ais = new AnnealedImportanceSampling(settings).estimate(RunModels.network(trained), set, 0, IMAGES, 1,
                    manager, done -> {});
            double total = 0;
            for (int i = 0; i < IMAGES; i++) {
                double quadrature;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = set.rows(scope, i, i + 1);
                    quadrature = PosteriorGrid.of(RunModels.network(trained), x).logPxQuadrature;
                }
                assertEquals(quadrature, ais[i], 0.3, "image " + i);
                total += Math.abs(ais[i] - quadrature);
            }
            assertTrue(total / IMAGES <= 0.05, "mean |AIS - quadrature| " + total / IMAGES);
        }
    }

    /** The MNIST test image (0-based) whose posterior has a mode far from q's, found by scanning the first 600. */
    static final int MISSED_MODE = 447;

    /**
     * Issue 18 on real data: a VAE with a 2-D latent space trained briefly on MNIST (3 epochs on
     * 10,000 images). The reference is {@link AdaptiveQuadrature}, refined where the mass is; its
     * two resolutions agree within 0.02 nats on every image. On the first 50 test images AIS from
     * the prior (1,000 sigmoid steps, 8 chains, 1 leapfrog step) agrees with it: the mean over the
     * images (what an NLL reports) within 0.05 nats, each image within 0.6, the mean absolute
     * difference within 0.15 (~0.11 at this budget; it falls as 1 / (steps x chains)). On test image
     * 447, whose posterior has a mode the encoder does not cover (q sits where the posterior holds
     * e^-22 of the mass), IS k=50 from q and AIS from q (the same settings) both miss by whole nats,
     * while AIS from the prior does not. From q the AIS weights are heavy-tailed there: with seeds
     * 2 and 3 it fell ~10 nats short, with seed 1 a chain that reached the mode overshot by 1.9.
     */
    @Test
    void onMnistAisFromThePriorAgreesWithQuadratureAndFromQItMissesAnUncoveredMode() {
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data"));
        Mnist mnist = new Mnist();
        Assumptions.assumeTrue(mnist.isPresent(dataDir), "MNIST not fetched into " + dataDir);
        DatasetSplits all = mnist.load(dataDir);
        DatasetSplits small = new DatasetSplits("mnist", all.train().subset(0, 10_000), all.validation(),
                all.test().subset(0, MISSED_MODE + 1));
        // the images and tolerances were found on a model trained on the general path
        TrainConfig config = TrainConfig.defaults().model("vae").k(1).latent(2).hidden(64).epochs(3).seed(1)
                .threads(1).device(ComputeDevice.CPU).path(org.iwae4j.config.TrainingPath.GENERAL);
        try (TrainedModel trained = Iwae.train(config, RunModels.imageData(small), ProgressListener.SILENT);
                NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            BinarizedSet set = Binarization.fixed(small.test(), config.evalSeed());
            double[] reference = new double[IMAGES + 1];
            for (int i = 0; i <= IMAGES; i++) {
                int image = i < IMAGES ? i : MISSED_MODE;
                try (NDManager scope = manager.newSubManager()) {
                    AdaptiveQuadrature quadrature = new AdaptiveQuadrature(RunModels.network(trained), set.rows(scope, image, image + 1));
                    double coarser = quadrature.logPx(2);
                    reference[i] = quadrature.logPx(4);
                    assertEquals(reference[i], coarser, 0.02, "the reference's own error, image " + image);
                }
            }
            AisSettings settings = AisSettings.of(1000, "sigmoid", AisInit.PRIOR, 8, 1);
            double[] ais = new AnnealedImportanceSampling(settings).estimate(RunModels.network(trained), set, 0, IMAGES, 1,
                    manager, done -> {});
            double signed = 0;
            double absolute = 0;
            for (int i = 0; i < IMAGES; i++) {
                assertEquals(reference[i], ais[i], 0.6, "image " + i);
                signed += (ais[i] - reference[i]) / IMAGES;
                absolute += Math.abs(ais[i] - reference[i]) / IMAGES;
            }
            assertEquals(0, signed, 0.05, "mean AIS - quadrature over " + IMAGES + " images");
            assertTrue(absolute <= 0.15, "mean |AIS - quadrature| " + absolute);

            double missed = reference[IMAGES];
            long seed = 2;
            double is = LogLikelihood.estimateRange(RunModels.network(trained), set, MISSED_MODE, MISSED_MODE + 1, 50, 2000,
                    manager, seed, d -> {})[0];
            double fromQ = new AnnealedImportanceSampling(settings.withInit(AisInit.Q)).estimate(RunModels.network(trained), set,
                    MISSED_MODE, MISSED_MODE + 1, seed, manager, done -> {})[0];
            double fromPrior = new AnnealedImportanceSampling(settings).estimate(RunModels.network(trained), set, MISSED_MODE,
                    MISSED_MODE + 1, seed, manager, done -> {})[0];
            System.err.printf("image %d: quadrature %.3f, IS k=50 %+.3f, AIS from q %+.3f, from the prior %+.3f; "
                    + "50 images: mean AIS - quadrature %+.4f, mean |.| %.4f%n", MISSED_MODE, missed, is - missed,
                    fromQ - missed, fromPrior - missed, signed, absolute);
            assertTrue(missed - is > 2, "IS k=50 from q misses the uncovered mode by whole nats: " + (is - missed));
            assertTrue(Math.abs(missed - fromQ) > 2, "AIS from q misses it by whole nats: " + (fromQ - missed));
            assertEquals(missed, fromPrior, 0.3, "AIS from the prior finds it");
        }
    }

}
