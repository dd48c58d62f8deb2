package org.iwae4j.train;

import org.iwae4j.run.Checkpoint;
import org.iwae4j.optim.LearningRateSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleAndCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void paperScheduleHasEightStagesOf3ToTheIEpochs() {
        assertEquals(3280, LearningRateSchedule.paperEpochs());
        LearningRateSchedule s = LearningRateSchedule.paper(1e-3, 3280);
        List<Integer> ends = new ArrayList<>();
        for (int e = 1; e <= 3280; e++) {
            if (s.isStageEnd(e)) {
                ends.add(e);
            }
        }
        assertEquals(List.of(1, 4, 13, 40, 121, 364, 1093, 3280), ends);
        assertEquals(1e-3, s.rate(1), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.rate(2), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), s.rate(4), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -7 / 7.0), s.rate(3280), 1e-15);
        assertThrows(org.iwae4j.common.InvalidParameterException.class, () -> LearningRateSchedule.paper(1e-3, 3281));
    }

    @Test
    void checkpointRoundTripsAndDetectsTruncation() throws Exception {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            NDArray w = manager.create(new float[] {1.5f, -2f, 3f});
            w.setName("w");
            NDArray m = manager.create(new float[] {0.1f, 0.2f, 0.3f});
            m.setName("adam.m.w");
            Path file = tmp.resolve("c.ckpt");
            Checkpoint.write(file, new Checkpoint.State(7, 140, 123456789L, 12.5), new NDList(w), new NDList(m));
            Checkpoint.Loaded loaded = Checkpoint.read(file, manager);
            assertEquals(new Checkpoint.State(7, 140, 123456789L, 12.5), loaded.state());
            assertEquals("w", loaded.parameters().get(0).getName());
            assertTrue(Arrays.equals(w.toFloatArray(), loaded.parameters().get(0).toFloatArray()));
            assertTrue(Arrays.equals(m.toFloatArray(), loaded.optimizerState().get(0).toFloatArray()));

            byte[] bytes = Files.readAllBytes(file);
            Path truncated = tmp.resolve("t.ckpt");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
            UserError e = assertThrows(UserError.class, () -> Checkpoint.read(truncated, manager));
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
            assertFalse(Checkpoint.isIntact(truncated));

            Path garbage = tmp.resolve("g.ckpt");
            Files.writeString(garbage, "hello");
            e = assertThrows(UserError.class, () -> Checkpoint.read(garbage, manager));
            assertTrue(e.getMessage().contains("not an iwae4j checkpoint"), e.getMessage());
        }
    }
}
