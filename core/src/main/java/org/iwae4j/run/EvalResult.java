package org.iwae4j.run;

import org.iwae4j.run.Provenance;

/**
 * The content of eval-SPLIT.json. {@code nll} is the mean over the n examples of -log p(x)
 * estimated with k importance samples, in nats; {@code stderr} its standard error over examples.
 * Active units are counted over the same n examples, in all and per stochastic layer.
 * {@code acceptedDataChanges} lists data files that differed from the run's record and were used
 * because the user said so. {@code logPxSha256} is the SHA-256 of the eval-SPLIT-logpx.npy written
 * with this result (null in files of earlier versions): {@link EvalFiles#read} refuses a pair that
 * was not written together. {@code likelihoodPath} says which implementation computed the decoder and
 * likelihood ("native-decoder" or "engine", LogLikelihood.Implementation; they agree to rounding,
 * ~1e-4 nats per example, not bit for bit); files of earlier versions were all "engine".
 * {@code collapse} holds the KL of each latent unit and I(x; h_1) over the same n examples (absent
 * in files written before it existed, and for a pruned model).
 */
public record EvalResult(
        String run,
        String split,
        int n,
        int k,
        double nll,
        double stderr,
        int activeUnits,
        int latentUnits,
        java.util.List<Integer> activeUnitsPerLayer,
        int epoch,
        String model,
        int trainK,
        int layers,
        long samplingSeed,
        long binarizationSeed,
        double seconds,
        double examplesPerSecond,
        String checkpoint,
        Provenance provenance,
        java.util.List<DataCheck.Change> acceptedDataChanges,
        String logPxSha256,
        String likelihoodPath,
        org.iwae4j.eval.PosteriorCollapse collapse) {

    /** Fills what files written by older versions lack (they were all computed on the engine's path). */
    public EvalResult {
        acceptedDataChanges = acceptedDataChanges == null ? java.util.List.of() : java.util.List.copyOf(acceptedDataChanges);
        likelihoodPath = likelihoodPath == null ? "engine" : likelihoodPath;
    }

    /**
     * @param digest the SHA-256 of the per-example file written with this result
     * @return a copy with it
     */
    public EvalResult withLogPxSha256(String digest) {
        return org.iwae4j.common.Records.with(this, "logPxSha256", digest);
    }

    public String summary() {
        String perLayer = activeUnitsPerLayer.size() > 1 ? " " + activeUnitsPerLayer : "";
        String diagnostics = collapse == null ? ""
                : String.format(", KL %.2f, MI %.2f nats", collapse.kl(), collapse.mutualInformation());
        return String.format("%s: %s NLL %.2f ± %.2f nats (k=%d, n=%d), active units %d/%d%s%s, epoch %d, %.1f s",
                run, split, nll, stderr, k, n, activeUnits, latentUnits, perLayer, diagnostics, epoch, seconds);
    }
}
