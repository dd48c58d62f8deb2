package org.iwae4j.plot;

import java.util.List;
import java.util.Locale;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.EvalResult;

/**
 * One configuration of an experiment's grid as its page shows it: what it is, its state (done,
 * running, failed, pending), the bounds of the epochs trained so far, and once done its two test
 * evaluations (as trained and with the inactive units removed; null before).
 */
public record GridCell(String id, String dataset, int layers, String model, int k, long seed, String state,
        List<EpochMetrics> epochs, EvalResult test, EvalResult pruned) {
    public GridCell {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    public boolean done() {
        return test != null;
    }

    /** "VAE k=5", or "k=1" where the two bounds coincide. */
    String bound() {
        return k == 1 ? "k=1" : model.toUpperCase(Locale.ROOT) + " k=" + k;
    }
}
