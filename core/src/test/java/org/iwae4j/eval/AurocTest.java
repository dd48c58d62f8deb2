package org.iwae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AurocTest {
    @Test
    void countsPairsRankedRightWithTiesAsHalf() {
        assertEquals(1.0, Auroc.of(new double[] {3, 4}, new double[] {1, 2}));
        assertEquals(0.0, Auroc.of(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(0.5, Auroc.of(new double[] {1, 3}, new double[] {2}));
        assertEquals(0.5, Auroc.of(new double[] {2, 2}, new double[] {2}));
        // 3 > {1, 2}, 2 > {1} and ties 2, 1 ties 1: (2 + 1 + 0.5 + 0.5) / 6
        assertEquals(4.0 / 6, Auroc.of(new double[] {3, 2, 1}, new double[] {1, 2}), 1e-12);
    }

    @Test
    void needsBothClasses() {
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[0], new double[] {1}));
    }
}
