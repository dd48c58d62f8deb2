package org.iwae4j.objective;

import ai.djl.ndarray.NDArray;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;

/**
 * CIWAE (Rainforth et al. 2018): beta * ELBO + (1 - beta) * IWAE over the same k samples; beta = 1
 * is the VAE, beta = 0 the IWAE.
 */
public final class CiwaeBound implements Objective {
    private final float beta;
    private final VaeBound elbo = new VaeBound();
    private final IwaeBound iwae = new IwaeBound();

    public CiwaeBound(double beta) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new org.iwae4j.common.InvalidParameterException("beta", "beta must be in [0, 1], got " + beta);
        }
        this.beta = (float) beta;
    }

    @Override
    public String name() {
        return "ciwae";
    }

    @Override
    public NDArray bound(NDArray logWeights) {
        return Torch.times(elbo.bound(logWeights), beta).add(Torch.times(iwae.bound(logWeights), 1 - beta));
    }

    @Override
    public NDArray sampleWeights(NDArray logWeights) {
        return elbo.sampleWeights(logWeights).muli(beta).addi(iwae.sampleWeights(logWeights).muli(1 - beta));
    }
}
