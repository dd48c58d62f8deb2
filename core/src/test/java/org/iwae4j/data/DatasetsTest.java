package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void knowsTheDatasets() {
        assertEquals(List.of("mnist", "fashion-mnist", "binarized-mnist", "omniglot"), Datasets.names());
        Dataset mnist = Datasets.byName("mnist");
        assertInstanceOf(Mnist.class, mnist);
        assertEquals("mnist", mnist.name());
        for (String name : Datasets.names()) {
            assertEquals(name, Datasets.byName(name).name());
        }
    }

    @Test
    void userDataByPath() {
        Dataset npz = Datasets.byName("npz:some/file.npz");
        assertEquals("npz:" + Path.of("some/file.npz").toAbsolutePath(), npz.name());
        assertEquals("npz-file", npz.label());
        assertInstanceOf(UserIdxDataset.class, Datasets.byName("idx:dir"));
        UserError e = assertThrows(UserError.class, () -> Datasets.byName("npz:"));
        assertEquals("dataset 'npz:' needs a path after 'npz:'", e.getMessage());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        UserError e = assertThrows(UserError.class, () -> Datasets.byName("foo"));
        assertTrue(e.getMessage().startsWith("unknown dataset 'foo' (known: mnist, fashion-mnist, binarized-mnist, omniglot"),
                e.getMessage());
    }
}
