package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void knowsMnist() {
        assertEquals(List.of("mnist"), Datasets.names());
        Dataset mnist = Datasets.byName("mnist");
        assertInstanceOf(Mnist.class, mnist);
        assertEquals("mnist", mnist.name());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        UserError e = assertThrows(UserError.class, () -> Datasets.byName("foo"));
        assertEquals("unknown dataset 'foo' (known: mnist)", e.getMessage());
    }
}
