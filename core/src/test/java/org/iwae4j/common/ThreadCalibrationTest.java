package org.iwae4j.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadCalibrationTest {
    /** Feeds times: the candidate with the lower median time per unit of work is chosen, and re-chosen later. */
    @Test
    void choosesTheFasterCountAndChangesWhenTheLoadDoes() {
        ThreadCalibration c = new ThreadCalibration(new int[] {1, 2}, 3, 4);
        assertEquals(-1, c.chosen());
        // trial: 1 and 2 alternate; 2 threads take half the time per row (one outlier does not decide)
        long[][] trial = {{1, 100}, {2, 50}, {1, 100}, {2, 500}, {1, 100}, {2, 50}};
        for (long[] t : trial) {
            assertEquals(t[0], c.next());
            c.record((int) t[0], t[1] * 10, 10);
        }
        assertEquals(2, c.chosen());
        for (int i = 0; i < 4; i++) {
            assertEquals(2, c.next());
            c.record(2, 1_000_000, 10);
        }
        // the next trial: another process now holds a core, 2 threads got slower than 1
        for (int i = 0; i < 3; i++) {
            assertEquals(1, c.next());
            c.record(1, 100, 1);
            assertEquals(2, c.next());
            c.record(2, 300, 1);
        }
        assertEquals(1, c.chosen());
        assertEquals(1, c.next());
    }

    @Test
    void oneCandidateIsAlwaysIt() {
        ThreadCalibration c = ThreadCalibration.upTo(1);
        assertEquals(1, c.next());
        c.record(1, 5, 1);
        assertEquals(1, c.chosen());
    }
}
