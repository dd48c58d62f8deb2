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
 * AIS from the prior against the quadrature of {@code plot posterior} ({@link PosteriorGrid}) on
 * models with a 2-D latent space: 50 test images of a VAE on small synthetic images, and an MNIST
 * image whose posterior has a mode the encoder misses.
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

    /**
     * A VAE with a 2-D latent space trained briefly on MNIST: among the first 50 test images, the
     * one where importance sampling from q (k=50) falls furthest below the quadrature has a
     * posterior mode that q misses (image 33 when this test was written: 2.7 nats short); there IS
     * misses by whole nats while AIS from the prior agrees with the quadrature.
     */
    @Test
    void onAnMnistImageWhoseModeQMissesAisAgreesAndImportanceSamplingDoesNot() {
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data"));
        Mnist mnist = new Mnist();
        Assumptions.assumeTrue(mnist.isPresent(dataDir), "MNIST not fetched into " + dataDir);
        DatasetSplits all = mnist.load(dataDir);
        DatasetSplits small = new DatasetSplits("mnist", all.train().subset(0, 10_000), all.validation(),
                all.test().subset(0, IMAGES));
        TrainConfig config = TrainConfig.defaults().model("vae").k(1).latent(2).hidden(64).epochs(3).seed(1)
                .threads(1).device(ComputeDevice.CPU);
        try (TrainedModel trained = Iwae.train(config, RunModels.imageData(small), ProgressListener.SILENT);
                NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            BinarizedSet set = Binarization.fixed(small.test(), config.evalSeed());
            double[] is = LogLikelihood.estimateRange(RunModels.network(trained), set, 0, IMAGES, 50, 2000, manager, 1, d -> {});
            int missed = -1;
            double worst = Double.NEGATIVE_INFINITY;
            double quadrature = Double.NaN;
            for (int i = 0; i < IMAGES; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    double q = PosteriorGrid.of(RunModels.network(trained), set.rows(scope, i, i + 1)).logPxQuadrature;
                    if (q - is[i] > worst) {
                        worst = q - is[i];
                        missed = i;
                        quadrature = q;
                    }
                }
            }
            assertTrue(worst > 1, "IS k=50 from q misses a mode by whole nats on image " + missed + ": " + worst);
            double[] ais = new AnnealedImportanceSampling(AisSettings.of(300, "sigmoid", AisInit.PRIOR, 16, 10))
                    .estimate(RunModels.network(trained), set, missed, missed + 1, 1, manager, done -> {});
            assertEquals(quadrature, ais[0], 0.15, "AIS from the prior on image " + missed);
        }
    }
}
