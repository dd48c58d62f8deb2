package org.iwae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.Torch;
import org.junit.jupiter.api.Test;

/**
 * Regression test: DJL frees the Java memory behind a scalar operand (x.mul(0.5f)) right after the
 * op, while autograd still reads it in backward. A garbage collection between forward and
 * backward, with the freed memory reused, then gave arbitrary gradients. The densities must
 * keep their gradients exact through that.
 */
class GaussianGradientAfterGcTest {
    @Test
    void priorGradientIsExactEvenWhenTheJavaHeapIsCollectedBeforeBackward() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            for (int round = 0; round < 30; round++) {
                try (NDManager scope = manager.newSubManager()) {
                    Torch.seed(round);
                    NDArray z = scope.randomNormal(new Shape(4, 3));
                    z.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray logDensity = Gaussian.standardLogDensity(z).sum();
                        scribbleOverFreedDirectMemory();
                        collector.backward(logDensity);
                    }
                    float[] expected = z.toFloatArray();
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] = -expected[i]; // d/dz of -z^2/2
                    }
                    assertArrayEquals(expected, z.getGradient().toFloatArray(), 1e-6f, "round " + round);
                }
            }
        }
    }

    /** Collect garbage (freeing unreachable direct buffers), then fill fresh ones with junk. */
    private static void scribbleOverFreedDirectMemory() {
        System.gc();
        try {
            Thread.sleep(20); // let the Cleaner thread free the buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putInt(0, 0x7f7f7f7f);
            junk.add(b);
        }
        junk.clear();
    }
}
