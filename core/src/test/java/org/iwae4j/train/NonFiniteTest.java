package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iwae4j.common.Torch;
import org.iwae4j.objective.IwaeBound;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Objectives;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Injected NaNs are caught at the step where they happen and never reach a checkpoint. */
class NonFiniteTest {
    /** Calls of the faulty objectives; calls 5 and 6 (training steps of epoch 1) are faulty. */
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        Objectives.register("test-nan-bound", () -> faulty(false));
        Objectives.register("test-nan-gradient", () -> faulty(true));
    }

    private static Objective faulty(boolean gradientOnly) {
        return new Objective() {
            private final IwaeBound iwae = new IwaeBound();

            @Override
            public String name() {
                return gradientOnly ? "test-nan-gradient" : "test-nan-bound";
            }

            @Override
            public NDArray sampleWeights(NDArray logWeights) {
                return iwae.sampleWeights(logWeights);
            }

            @Override
            public NDArray bound(NDArray logWeights) {
                NDArray bound = iwae.bound(logWeights);
                int call = CALLS.incrementAndGet();
                if (call != 5 && call != 6) {
                    return bound;
                }
                if (gradientOnly) {
                    // sqrt at 0 has an infinite derivative: the value stays finite, the gradient is 0 * inf = NaN
                    NDArray zero = Torch.times(logWeights.sub(logWeights.stopGradient()).sqrt(), 0f);
                    return bound.add(zero.sum(new int[] {0}));
                }
                return Torch.times(bound, Float.NaN);
            }
        };
    }

    @Test
    void aNonFiniteBoundStopsTheRunNamingEpochAndStep() {
        CALLS.set(0);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> TinyRuns.train(tmp.resolve("run"), TinyRuns.config("test-nan-bound", 2, 2, 1)));
        assertTrue(e.getMessage().startsWith("non-finite bound (NaN) at epoch 1, step 5;"), e.getMessage());
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        assertTrue(run.checkpoints().isEmpty(), "nothing was checkpointed");
        assertTrue(MetricsLog.read(run.metricsFile()).isEmpty());
    }

    @Test
    void aNonFiniteGradientIsSkippedAndCountedWhenAsked() {
        CALLS.set(0);
        List<EpochMetrics> m = TinyRuns.train(tmp.resolve("run"),
                TinyRuns.config("test-nan-gradient", 2, 2, 1, org.iwae4j.config.NonFinitePolicy.SKIP));
        assertEquals(2, m.get(0).skippedSteps(), "steps 5 and 6 of epoch 1");
        assertEquals(0, m.get(1).skippedSteps());
        assertTrue(Double.isFinite(m.get(1).trainBound()));
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        assertEquals(2, run.checkpoints().size());
    }

    @Test
    void aNonFiniteGradientStopsTheRunByDefault() {
        CALLS.set(0);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> TinyRuns.train(tmp.resolve("run"), TinyRuns.config("test-nan-gradient", 2, 2, 1)));
        assertTrue(e.getMessage().startsWith("non-finite gradient at epoch 1, step 5;"), e.getMessage());
        assertFalse(RunDirectory.open(tmp.resolve("run")).checkpoints().iterator().hasNext());
    }
}
