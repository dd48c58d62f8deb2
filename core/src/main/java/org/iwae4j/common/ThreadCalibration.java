package org.iwae4j.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks a thread count by timing the real work instead of a fixed rule: the first units of work
 * alternate between the candidates, the one with the lowest median time per unit of work wins, and
 * the trial is repeated every {@code recheckEvery} units, because on a shared machine the best count
 * changes with the load (two threads are ~1.9x faster on an idle 2-core machine and can be slower
 * than one when another process holds a core).
 *
 * <p>Use it only where the thread count cannot change the results (the evaluation's native decoder:
 * a row's value depends on its block alone), or where results may differ between runs anyway.
 * Thread-safe; typical use:
 * <pre>{@code
 * int threads = calibration.next();
 * long start = System.nanoTime();
 * work(threads);
 * calibration.record(threads, System.nanoTime() - start, rows);
 * }</pre>
 */
public final class ThreadCalibration {
    private final int[] candidates;
    private final int trials;
    private final int recheckEvery;
    private final List<List<Double>> times = new ArrayList<>();
    private int unit;
    private int chosen = -1;

    /**
     * @param candidates the thread counts to compare, e.g. {1, 2}
     * @param trials timed units per candidate in each trial (the median counts)
     * @param recheckEvery units on the chosen count between trials
     */
    public ThreadCalibration(int[] candidates, int trials, int recheckEvery) {
        if (candidates.length == 0 || trials < 1 || recheckEvery < 0) {
            throw new IllegalArgumentException("need candidates, trials >= 1, recheckEvery >= 0");
        }
        this.candidates = candidates.clone();
        this.trials = trials;
        this.recheckEvery = recheckEvery;
        for (int i = 0; i < candidates.length; i++) {
            times.add(new ArrayList<>());
        }
    }

    /**
     * 1 to {@code maxThreads} threads, 3 timed units each, re-measured every 100 units.
     *
     * @param maxThreads the largest count to try (at least 1)
     * @return a calibration over 1..maxThreads
     */
    public static ThreadCalibration upTo(int maxThreads) {
        int[] counts = new int[Math.max(1, maxThreads)];
        Arrays.setAll(counts, i -> i + 1);
        return new ThreadCalibration(counts, 3, 100);
    }

    /** @return the thread count for the next unit of work */
    public synchronized int next() {
        if (candidates.length == 1) {
            return candidates[0];
        }
        int cycle = trials * candidates.length + recheckEvery;
        int position = unit % cycle;
        if (position < trials * candidates.length) {
            return candidates[position % candidates.length];
        }
        return chosen;
    }

    /**
     * Records a unit of work done on {@code threads}; during a trial it counts towards the choice.
     *
     * @param threads the count it ran on, as {@link #next()} gave it
     * @param nanos its wall-clock time
     * @param work its size (e.g. rows), so that units of different sizes compare
     */
    public synchronized void record(int threads, long nanos, long work) {
        if (candidates.length == 1) {
            chosen = candidates[0];
            return;
        }
        int cycle = trials * candidates.length + recheckEvery;
        int position = unit % cycle;
        unit++;
        if (position >= trials * candidates.length) {
            return;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i] == threads) {
                times.get(i).add((double) nanos / Math.max(1, work));
            }
        }
        if (position == trials * candidates.length - 1) {
            chosen = fastest();
            times.forEach(List::clear);
        }
    }

    /** @return the count chosen by the last complete trial, or -1 before the first one */
    public synchronized int chosen() {
        return chosen;
    }

    private int fastest() {
        int best = candidates[candidates.length - 1];
        double bestTime = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.length; i++) {
            List<Double> t = times.get(i);
            if (t.isEmpty()) {
                continue;
            }
            double[] sorted = t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            if (median < bestTime) {
                bestTime = median;
                best = candidates[i];
            }
        }
        return best;
    }
}
