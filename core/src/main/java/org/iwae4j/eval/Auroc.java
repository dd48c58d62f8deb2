package org.iwae4j.eval;

import java.util.Arrays;

/**
 * The area under the ROC curve of a score that should rank positives above negatives: the
 * probability that a random positive scores higher than a random negative, ties counting half
 * (the Mann-Whitney U statistic over the product of the sizes).
 */
public final class Auroc {
    private Auroc() {}

    /**
     * @param positives scores of the examples that should rank high (e.g. log p(x) of in-distribution images)
     * @param negatives scores of the examples that should rank low (e.g. of out-of-distribution images)
     * @return the AUROC in [0, 1]; 0.5 is chance
     */
    public static double of(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("AUROC needs at least one positive and one negative score");
        }
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        double wins = 0;
        for (double p : positives) {
            int below = lowerBound(neg, p);
            int notAbove = upperBound(neg, p);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) positives.length * neg.length);
    }

    /** The number of values strictly below {@code x}. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of values at or below {@code x}. */
    private static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
