package org.iwae4j.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.iwae4j.api.ImageData;
import org.iwae4j.api.Iwae;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.plot.PosteriorGrid;
import org.iwae4j.testing.TinyModels;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * On a VAE with a 2-D latent space trained on small synthetic images, AIS from the prior agrees
 * with the quadrature of {@code plot posterior} ({@link PosteriorGrid}) on 50 test images.
 */
class AisQuadratureTest {
    static final int IMAGES = 50;

    @Test
    void aisFromThePriorMatchesQuadratureOnFiftyMnistImages() {
        DatasetSplits small = new DatasetSplits("toy", TinyModels.images("train", 200, 4, 1),
                TinyModels.images("validation", 20, 4, 2), TinyModels.images("test", IMAGES, 4, 3));
        TrainConfig config = TrainConfig.defaults().model("vae").k(1).latent(2).hidden(8).epochs(20).seed(1)
                .learningRate(3e-3).batchSize(10).threads(1).device(ComputeDevice.CPU);
        try (TrainedModel trained = Iwae.train(config, ImageData.of(small), ProgressListener.SILENT);
                NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            BinarizedSet set = Binarization.fixed(small.test(), config.evalSeed());
            AisSettings settings = AisSettings.of(100, "sigmoid", AisInit.PRIOR, 48, 5);
            double[] ais = new AnnealedImportanceSampling(settings).estimate(trained.model(), set, 0, IMAGES, 1,
                    manager, done -> {});
            double total = 0;
            for (int i = 0; i < IMAGES; i++) {
                double quadrature;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = set.rows(scope, i, i + 1);
                    quadrature = PosteriorGrid.of(trained.model(), x).logPxQuadrature;
                }
                assertEquals(quadrature, ais[i], 0.3, "image " + i);
                total += Math.abs(ais[i] - quadrature);
            }
            assertTrue(total / IMAGES <= 0.05, "mean |AIS - quadrature| " + total / IMAGES);
        }
    }
}
