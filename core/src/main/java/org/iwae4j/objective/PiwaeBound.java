package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;

/**
 * PIWAE (Rainforth et al. 2018): the decoder follows the IWAE bound over all m*k samples, the
 * encoder the MIWAE bound with m groups of k (whose encoder gradient is less noisy). Its value is
 * the IWAE bound.
 */
public final class PiwaeBound implements Objective {
    private final IwaeBound iwae = new IwaeBound();
    private final MiwaeBound encoder;
    private final int groups;

    public PiwaeBound(int groups) {
        this.encoder = new MiwaeBound(groups);
        this.groups = groups;
    }

    @Override
    public String name() {
        return "piwae";
    }

    @Override
    public int samplesFor(int k) {
        return groups * k;
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        return iwae.bound(logWeights);
    }

    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        return iwae.sampleWeights(logWeights);
    }

    @Override
    public Objective encoderObjective() {
        return encoder;
    }
}
