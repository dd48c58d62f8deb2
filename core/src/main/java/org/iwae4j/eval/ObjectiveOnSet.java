package org.iwae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.objective.Objective;

/** The mean of an objective's bound over a set of images, e.g. the validation bound per epoch. */
public final class ObjectiveOnSet {
    private static final int ROWS_PER_PASS = 5000;

    private ObjectiveOnSet() {}

    /**
     * Evaluates the bound in passes of about 5,000 rows (examples times samples).
     *
     * @param model the model
     * @param objective the bound
     * @param k importance samples per example
     * @param set the images
     * @param manager owns the temporary arrays
     * @param rng seeds torch for each pass
     * @return the bound's mean over the images, in nats
     */
    public static double mean(Autoencoder model, Objective objective, int k, BinarizedSet set,
            NDManager manager, SeededRandom rng) {
        int batch = Math.max(1, ROWS_PER_PASS / k);
        double sum = 0;
        for (int from = 0; from < set.count(); from += batch) {
            int to = Math.min(set.count(), from + batch);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = set.rows(scope, from, to);
                Torch.seed(rng.nextTorchSeed());
                sum += objective.bound(model.logWeights(x, k, scope).total()).sum().getFloat();
            }
        }
        return sum / set.count();
    }
}
