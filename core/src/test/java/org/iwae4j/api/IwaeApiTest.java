package org.iwae4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.objective.Bound;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library API on arrays in memory: train, score, sample, encode, decode, save, load, resume. */
class IwaeApiTest {
    private static final TrainConfig TINY = TrainConfig.defaults().bound(Bound.IWAE).k(3).latent(2).hidden(8)
            .batchSize(10).learningRate(3e-3).seed(4).threads(1).device(ComputeDevice.CPU);

    @TempDir
    Path tmp;

    /** Binary 16-pixel images: two prototypes with flipped pixels. */
    static float[][] images(int n, long seed) {
        SeededRandom rng = new SeededRandom(seed);
        float[][] x = new float[n][16];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 16; j++) {
                boolean on = (i % 2 == 0) == (j < 8);
                x[i][j] = (rng.nextInt(10) == 0) != on ? 1f : 0f;
            }
        }
        return x;
    }

    static ImageData data() {
        return ImageData.of(images(100, 1), images(12, 2));
    }

    @Test
    void trainsScoresSamplesEncodesAndDecodesInMemory() {
        ImageData data = data();
        try (TrainedModel model = Iwae.train(TINY.epochs(2), data, ProgressListener.SILENT);
                TrainedModel twin = Iwae.train(TINY.epochs(2), data, ProgressListener.SILENT)) {
            assertEquals(2, model.epoch());
            assertEquals(2, model.metrics().size());
            assertEquals("memory", model.config().dataset());
            assertEquals(90, data.train().size(), "a tenth held out for validation");
            LogLikelihoodEstimate ll = model.logLikelihood(data.test(), 50);
            assertEquals(12, ll.perExample().length);
            double mean = 0;
            for (double v : ll.perExample()) {
                assertTrue(v < 0 && Double.isFinite(v), "log p(x) of binary images is negative: " + v);
                mean += v / 12;
            }
            assertEquals(-mean, ll.nll(), 1e-9);
            assertTrue(ll.stderr() > 0);
            assertArrayEquals(ll.perExample(), twin.logLikelihood(data.test(), 50).perExample(), "same seed, same numbers");

            float[][] samples = model.sample(5, 7);
            assertEquals(5, samples.length);
            assertEquals(16, samples[0].length);
            assertArrayEquals(samples[3], model.sample(5, 7)[3]);
            for (float p : samples[0]) {
                assertTrue(p >= 0 && p <= 1);
            }
            float[][] codes = model.encode(images(4, 3));
            assertEquals(4, codes.length);
            assertEquals(2, codes[0].length);
            assertEquals(16, model.decode(codes)[0].length);
        }
    }

    @Test
    void savedModelLoadsAndResumesExactly(@TempDir Path dir) {
        ImageData data = data();
        Path saved = dir.resolve("saved");
        List<EpochMetrics> straight;
        double[] scores;
        try (TrainedModel model = Iwae.train(TINY.epochs(2), data, ProgressListener.SILENT)) {
            scores = model.logLikelihood(data.test(), 20).perExample();
            model.save(saved);
        }
        try (TrainedModel loaded = TrainedModel.load(saved)) {
            assertEquals(2, loaded.epoch());
            assertArrayEquals(scores, loaded.logLikelihood(data.test(), 20).perExample(), "the saved model scores the same");
        }
        // Saved from memory, the run continues like one never stopped.
        List<EpochMetrics> resumed = TrainingRun.resume(saved, 3, config -> data.splits(), ProgressListener.SILENT);
        try (TrainedModel three = Iwae.train(TINY.epochs(3), data, ProgressListener.SILENT)) {
            straight = three.metrics();
        }
        assertEquals(numbers(straight), numbers(resumed));
    }

    /** What training computes, without its timings. */
    private static List<List<Object>> numbers(List<EpochMetrics> metrics) {
        return metrics.stream().map(m -> List.<Object>of(m.epoch(), m.lr(), m.trainBound(), m.valBound(), m.steps()))
                .toList();
    }

    @Test
    void badInputNamesTheParameter() {
        InvalidParameterException k = assertThrows(InvalidParameterException.class, () -> TINY.k(0).validate());
        assertEquals("k must be at least 1, got 0", k.getMessage());
        assertEquals("k", k.parameter());
        float[][] grey = images(10, 1);
        grey[3][5] = 1.5f;
        InvalidParameterException pixel = assertThrows(InvalidParameterException.class,
                () -> ImageData.of(grey, images(2, 2)));
        assertTrue(pixel.getMessage().contains("image 3 pixel 5 is 1.5, outside [0, 1]"), pixel.getMessage());
        try (TrainedModel model = Iwae.train(TINY.epochs(1), data(), ProgressListener.SILENT)) {
            InvalidParameterException size = assertThrows(InvalidParameterException.class,
                    () -> model.logLikelihood(new float[][] {new float[9]}, 5));
            assertTrue(size.getMessage().contains("the images have 9 pixels, the model 16"), size.getMessage());
        }
    }
}
