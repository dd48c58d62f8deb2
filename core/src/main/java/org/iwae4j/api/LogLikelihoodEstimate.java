package org.iwae4j.api;

/**
 * Importance-sampled log p(x) of a set of images: log (1/k) sum_i p(x, h_i) / q(h_i | x).
 *
 * @param nll the mean over the images of -log p(x), in nats
 * @param stderr the standard error of that mean over the images (NaN for one image)
 * @param k importance samples per image
 * @param perExample log p(x) of each image, in the order given
 */
public record LogLikelihoodEstimate(double nll, double stderr, int k, double[] perExample) {
    /**
     * @param logPx per-example log p(x)
     * @param k samples per example
     * @return the mean NLL and its standard error over the examples
     */
    public static LogLikelihoodEstimate of(double[] logPx, int k) {
        org.iwae4j.common.InvalidParameterException.requireNonNull(logPx, "logPx");
        org.iwae4j.common.InvalidParameterException.require(logPx.length > 0, "logPx", "needs at least one value");
        double mean = 0;
        for (double v : logPx) {
            mean += v;
        }
        mean /= logPx.length;
        double squares = 0;
        for (double v : logPx) {
            squares += (v - mean) * (v - mean);
        }
        double stderr = logPx.length > 1 ? Math.sqrt(squares / (logPx.length - 1) / logPx.length) : Double.NaN;
        return new LogLikelihoodEstimate(-mean, stderr, k, logPx);
    }
}
