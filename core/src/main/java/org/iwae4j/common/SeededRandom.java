package org.iwae4j.common;

/**
 * The run's one source of randomness: SplitMix64, whose whole state is one {@code long}, so a
 * checkpoint can save it and a resumed run continues the exact same stream. Torch's generator is
 * re-seeded from this stream wherever torch draws random numbers.
 */
public final class SeededRandom {
    private long state;

    /**
     * A stream that starts from a seed.
     *
     * @param seed the initial state; equal seeds give equal streams
     */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * The state to save in a checkpoint.
     *
     * @return the whole state
     */
    public long state() {
        return state;
    }

    /**
     * Continues the stream from a saved state.
     *
     * @param savedState a value of {@link #state()}
     */
    public void restore(long savedState) {
        this.state = savedState;
    }

    /**
     * The next SplitMix64 output.
     *
     * @return 64 random bits
     */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform in [0, bound).
     *
     * @param bound the exclusive upper bound, positive
     * @return the draw
     * @throws IllegalArgumentException if {@code bound} is not positive
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        // Lemire's multiply-shift: unbiased enough for 2^32 >> bound, and deterministic.
        long r = (nextLong() >>> 32) * bound;
        return (int) (r >>> 32);
    }

    /**
     * Uniform in [0, 1) with 53 random bits.
     *
     * @return the draw
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Fisher-Yates shuffle in place.
     *
     * @param values the array to permute
     */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * A seed for torch's generator that is itself drawn from this stream.
     *
     * @return a non-negative seed
     */
    public long nextTorchSeed() {
        return nextLong() & Long.MAX_VALUE;
    }
}
