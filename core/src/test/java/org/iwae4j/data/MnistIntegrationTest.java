package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The real MNIST files, when fetched into {@code iwae.data.dir} (default {@code data}). */
class MnistIntegrationTest {
    @Test
    void loadsThePapersSplits() {
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data"));
        Mnist mnist = new Mnist();
        Assumptions.assumeTrue(mnist.isPresent(dataDir), "MNIST not fetched into " + dataDir);

        DatasetSplits splits = mnist.load(dataDir);

        assertEquals("mnist", splits.dataset());
        assertEquals(59_600, splits.train().size());
        assertEquals(400, splits.validation().size());
        assertEquals(10_000, splits.test().size());
        for (ImageSet set : new ImageSet[] {splits.train(), splits.validation(), splits.test()}) {
            assertEquals(28, set.height(), set.name());
            assertEquals(28, set.width(), set.name());
            assertEquals(set.size() * 784, set.pixels().length, set.name());
            for (int label : set.labels()) {
                assertTrue(label >= 0 && label <= 9, set.name() + " label " + label);
            }
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float p : set.pixels()) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            assertEquals(0f, min, set.name());
            assertEquals(1f, max, set.name());
        }
        // Known first labels of the original files.
        assertEquals(5, splits.train().label(0));
        assertEquals(7, splits.test().label(0));
        double[] means = splits.train().pixelMeans();
        assertEquals(0.0, means[0]); // the corner is always blank
        double overall = 0;
        for (double m : means) {
            overall += m / means.length;
        }
        assertEquals(0.1307, overall, 0.001); // MNIST's well-known mean intensity
    }
}
