package org.iwae4j.ais;

import ai.djl.ndarray.NDManager;
import java.util.function.IntConsumer;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;

/**
 * A method that estimates log p(x) example by example: what an evaluation path calls for a range
 * of examples (a shard). Each example's estimate depends only on the seed and on the block of
 * {@link #alignment()} examples it belongs to, so ranges that start at multiples of the alignment
 * give bit-identical estimates to one call over the whole set.
 */
public interface PerExampleLogPx {
    /**
     * Per-example log p(x) of examples {@code from..to} of {@code set}.
     *
     * @param model the model to score
     * @param set the binarized images
     * @param from the first example, a multiple of {@link #alignment()} for shards to combine
     * @param to one past the last example
     * @param seed the evaluation's seed
     * @param manager the manager whose sub-managers hold each pass's arrays
     * @param progress told the number of examples of the range finished after each pass
     * @return the estimates, in order
     */
    double[] estimate(Autoencoder model, BinarizedSet set, int from, int to, long seed, NDManager manager,
            IntConsumer progress);

    /** @return the examples per pass: shard boundaries must be multiples of it */
    int alignment();
}
