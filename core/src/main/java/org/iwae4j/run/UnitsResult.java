package org.iwae4j.run;

import java.util.List;

/**
 * The content of units-SPLIT.json: the active units of one checkpoint over the evaluated set, per
 * stochastic layer, and the units kept when inactive ones are removed. Every shard of an evaluation
 * reads it, so that all score the same checkpoint and prune the same units.
 *
 * @param checkpoint the checkpoint file measured; every shard must score this one
 * @param epoch the checkpoint's epoch
 * @param n the number of examples evaluated
 * @param variances per stochastic layer, each unit's variance of the posterior mean over the set
 * @param kept per stochastic layer, the indices of the units kept when inactive ones are removed
 * @param activePerLayer per stochastic layer, the number of active units
 * @param collapse the KL of each unit and I(x; h_1) over the same examples (null in older files)
 */
public record UnitsResult(String checkpoint, int epoch, int n, List<double[]> variances, List<int[]> kept,
        List<Integer> activePerLayer, org.iwae4j.eval.PosteriorCollapse collapse) {
    /** @return the active units of all layers together */
    public int active() {
        return activePerLayer.stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the latent units of all layers together, active or not */
    public int latent() {
        return variances.stream().mapToInt(v -> v.length).sum();
    }

    /** @return the units of all layers that pruning keeps (at least one per layer) */
    public int keptUnits() {
        return kept.stream().mapToInt(k -> k.length).sum();
    }
}
