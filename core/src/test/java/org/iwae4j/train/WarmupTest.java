package org.iwae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.LogWeights;
import org.iwae4j.model.Parameters;
import org.iwae4j.model.SamplePass;
import org.iwae4j.objective.Estimator;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.testing.TinyModels;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KL warm-up: the weight's schedule, where it enters log w, and that it keeps runs repeatable. */
class WarmupTest {
    @TempDir
    Path tmp;

    @Test
    void theWeightIsExactAtEpochBoundariesAndRisesInBetween() {
        TrainConfig c = TrainConfig.defaults().warmup(3);
        int steps = 7;
        for (int epoch = 1; epoch <= 6; epoch++) {
            double start = c.klWeight(epoch, 0, steps);
            assertEquals(Math.min(1.0, (epoch - 1) / 3.0), start, 0.0, "first step of epoch " + epoch);
            for (int s = 1; s < steps; s++) {
                double w = c.klWeight(epoch, s, steps);
                if (epoch <= 3) {
                    assertTrue(w > c.klWeight(epoch, s - 1, steps) && w < epoch / 3.0, "epoch " + epoch + " step " + s);
                } else {
                    assertEquals(1.0, w, 0.0);
                }
            }
        }
        assertEquals(0.0, c.klWeight(1, 0, steps), 0.0);
        assertEquals(1.0, TrainConfig.defaults().klWeight(1, 0, steps), 0.0, "no warm-up: weight 1 from the first step");
    }

    @Test
    void theWeightScalesLogPriorMinusLogPosteriorInsideLogW() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(3);
            Autoencoder model = new Autoencoder(TinyModels.twoLayer(16), Parameters.initialized(manager), new float[16]);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", 8, 4, 3), 5);
            SamplePass pass = model.sample(data.rows(manager, 0, 8), 4, manager);
            assertSame(pass, pass.withKlWeight(1f), "weight 1 is the pass itself: no warm-up computes what it did before");
            LogWeights plain = pass.logWeights();
            SamplePass warm = pass.withKlWeight(0.25f);
            float[] expected = plain.logLikelihood().add(plain.logPrior().sub(plain.logPosterior()).mul(0.25f))
                    .toFloatArray();
            float[] total = warm.logWeights().total().toFloatArray();
            float[] pathwise = warm.logJoint().sub(warm.logPosteriorPathwise()).toFloatArray();
            float[] fixed = warm.logJointOfFixedSamples().sub(warm.logPosteriorOfFixedSamples()).toFloatArray();
            float[] unweighted = plain.total().toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], total[i], 1e-3, "log w at " + i);
                assertEquals(expected[i], pathwise[i], 1e-3, "STL/DReG's log w at " + i);
                assertEquals(expected[i], fixed[i], 1e-3, "log w at fixed samples at " + i);
                assertNotEquals(unweighted[i], total[i], 1e-3);
            }
            assertEquals(plain.logLikelihood().toFloatArray()[0], pass.withKlWeight(0f).logWeights().total().toFloatArray()[0],
                    1e-4, "weight 0: log w is the likelihood term alone");
        }
    }

    @Test
    void warmupZeroEqualsNoWarmupAndAWarmupChangesTraining() throws IOException {
        TrainConfig plain = TinyRuns.config("iwae", 3, 3, 4);
        List<EpochMetrics> none = TinyRuns.train(tmp.resolve("none"), plain);
        List<EpochMetrics> zero = TinyRuns.train(tmp.resolve("zero"), plain.warmup(0).validate());
        List<EpochMetrics> warm = TinyRuns.train(tmp.resolve("warm"), plain.warmup(2).validate());
        for (int i = 0; i < 3; i++) {
            assertEquals(none.get(i).trainBound(), zero.get(i).trainBound(), 0.0);
            assertEquals(none.get(i).valBound(), zero.get(i).valBound(), 0.0);
            assertEquals(1.0, none.get(i).klWeight(), 0.0);
        }
        assertArrayEquals(TinyRuns.finalParameters(tmp.resolve("none")), TinyRuns.finalParameters(tmp.resolve("zero")));
        assertNotEquals(none.get(0).trainBound(), warm.get(0).trainBound());
        assertTrue(warm.get(0).klWeight() < 0.5 && warm.get(1).klWeight() < 1.0 && warm.get(2).klWeight() == 1.0,
                "the recorded weights " + warm.stream().map(EpochMetrics::klWeight).toList());
        assertTrue(warm.get(0).trainBound() > none.get(0).trainBound(),
                "a weight < 1 drops part of the KL term, so the weighted training bound is higher");
    }

    @Test
    void aRunResumedMidWarmupEqualsAnUninterruptedOne() throws IOException {
        TrainConfig config = TinyRuns.config("vae", 2, 3, 6).warmup(2).keepCheckpoints(5).validate();
        List<EpochMetrics> straight = TinyRuns.train(tmp.resolve("straight"), config);
        TinyRuns.train(tmp.resolve("resumed"), config);
        RunDirectory run = RunDirectory.open(tmp.resolve("resumed"));
        Files.delete(run.checkpointFor(3));
        Files.delete(run.checkpointFor(2)); // as if killed during epoch 2, in the middle of the warm-up
        List<EpochMetrics> resumed = TinyRuns.resume(tmp.resolve("resumed"), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(straight.get(i).trainBound(), resumed.get(i).trainBound(), 0.0, "epoch " + (i + 1));
            assertEquals(straight.get(i).valBound(), resumed.get(i).valBound(), 0.0, "epoch " + (i + 1));
        }
        assertArrayEquals(TinyRuns.finalParameters(tmp.resolve("straight")), TinyRuns.finalParameters(tmp.resolve("resumed")));
    }

    @Test
    void aMeaninglessWarmupIsRefusedNamingIt() {
        TrainConfig c = TinyRuns.config("iwae", 2, 5, 1);
        InvalidParameterException longer = assertThrows(InvalidParameterException.class, () -> c.warmup(5).validate());
        assertTrue(longer.getMessage().contains("never ends"), longer.getMessage());
        InvalidParameterException rws = assertThrows(InvalidParameterException.class,
                () -> c.estimator(Estimator.RWS).warmup(2).validate());
        assertTrue(rws.getMessage().contains("rws"), rws.getMessage());
        assertThrows(InvalidParameterException.class, () -> c.warmup(-1).validate());
    }
}
