package org.iwae4j.ais;

import java.util.Arrays;
import org.iwae4j.common.InvalidParameterException;

/**
 * What an annealed importance sampling run does: the inverse temperatures beta_1 &lt; ... &lt; beta_T = 1
 * of the intermediate distributions f_t(h) = p_0(h)^(1 - beta_t) p(x, h)^beta_t, the start p_0, the
 * independent chains per example, the leapfrog steps of the one HMC transition per intermediate
 * distribution, and the pilot run that tunes each distribution's step size before the estimate.
 *
 * <p><b>Exactness.</b> Step sizes are tuned per example and per intermediate distribution in a
 * separate pilot run (its own chains and random numbers, adapting toward {@code targetAcceptance})
 * and then frozen: the estimate's transitions are fixed HMC kernels that leave their distribution
 * invariant, so the AIS weights are unbiased for p(x). Adapting a chain's step size from its own
 * acceptances during the estimate (as Wu et al. 2017 do) would make the transitions depend on the
 * chain's past and bias the estimate.
 *
 * @param betas inverse temperatures of the intermediate distributions, strictly increasing in (0, 1], ending at 1
 * @param schedule the schedule's name (linear, sigmoid or the list), for records
 * @param init where the path starts
 * @param chains independent AIS chains per example
 * @param leapfrog leapfrog steps per HMC transition
 * @param pilotChains chains per example of the pilot run that tunes the step sizes
 * @param targetAcceptance the pilot's target acceptance rate
 * @param initialStepSize the pilot's first step size
 * @param examplesPerPass examples annealed together in one tensor (chains x examples rows); shard
 *     boundaries are multiples of it
 */
public record AisSettings(double[] betas, String schedule, AisInit init, int chains, int leapfrog, int pilotChains,
        double targetAcceptance, double initialStepSize, int examplesPerPass) {

    /** Default chains x examples rows per pass. */
    public static final int DEFAULT_ROWS = 1600;

    /**
     * The usual settings: {@code steps} distributions on a sigmoidal schedule from the prior, 16
     * chains, 10 leapfrog steps, pilot with 4 chains toward 65 % acceptance.
     *
     * @param steps intermediate distributions
     * @return the settings
     */
    public static AisSettings defaults(int steps) {
        return of(steps, "sigmoid", AisInit.PRIOR, 16, 10);
    }

    /**
     * @param steps intermediate distributions (for a named schedule)
     * @param schedule {@code linear}, {@code sigmoid}, or a comma-separated list of betas
     * @param init where the path starts
     * @param chains chains per example
     * @param leapfrog leapfrog steps per transition
     * @return the settings, validated
     * @throws InvalidParameterException if any value is unusable
     */
    public static AisSettings of(int steps, String schedule, AisInit init, int chains, int leapfrog) {
        InvalidParameterException.require(chains >= 1, "chains", "must be at least 1, got " + chains);
        double[] betas = Schedules.parse(schedule, steps);
        return new AisSettings(betas, schedule.contains(",") ? "list" : schedule, init, chains, leapfrog,
                Math.min(chains, 4), 0.65, 0.1, Math.max(1, DEFAULT_ROWS / chains)).validate();
    }

    /**
     * @param steps a different number of distributions on the same named schedule
     * @return these settings with that many steps
     */
    public AisSettings withSteps(int steps) {
        return new AisSettings(Schedules.parse(schedule, steps), schedule, init, chains, leapfrog, pilotChains,
                targetAcceptance, initialStepSize, examplesPerPass).validate();
    }

    /**
     * @param start where the path starts
     * @return these settings starting there
     */
    public AisSettings withInit(AisInit start) {
        return new AisSettings(betas, schedule, start, chains, leapfrog, pilotChains, targetAcceptance,
                initialStepSize, examplesPerPass).validate();
    }

    /**
     * @param examples examples per pass
     * @return these settings with that many examples annealed together
     */
    public AisSettings withExamplesPerPass(int examples) {
        return new AisSettings(betas, schedule, init, chains, leapfrog, pilotChains, targetAcceptance,
                initialStepSize, examples).validate();
    }

    /**
     * @return these settings
     * @throws InvalidParameterException if any value is unusable
     */
    public AisSettings validate() {
        InvalidParameterException.require(chains >= 1, "chains", "must be at least 1, got " + chains);
        InvalidParameterException.require(leapfrog >= 1, "leapfrog", "must be at least 1, got " + leapfrog);
        InvalidParameterException.require(pilotChains >= 1, "pilotChains", "must be at least 1, got " + pilotChains);
        InvalidParameterException.require(examplesPerPass >= 1, "examplesPerPass",
                "must be at least 1, got " + examplesPerPass);
        InvalidParameterException.require(targetAcceptance > 0 && targetAcceptance < 1, "targetAcceptance",
                "must be in (0, 1), got " + targetAcceptance);
        InvalidParameterException.require(initialStepSize > 0 && Double.isFinite(initialStepSize), "initialStepSize",
                "must be positive, got " + initialStepSize);
        Schedules.check(betas);
        return this;
    }

    /** @return the number of intermediate distributions T */
    public int steps() {
        return betas.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AisSettings s && Arrays.equals(betas, s.betas) && schedule.equals(s.schedule)
                && init == s.init && chains == s.chains && leapfrog == s.leapfrog && pilotChains == s.pilotChains
                && targetAcceptance == s.targetAcceptance && initialStepSize == s.initialStepSize
                && examplesPerPass == s.examplesPerPass;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas) * 31 + java.util.Objects.hash(schedule, init, chains, leapfrog, pilotChains,
                targetAcceptance, initialStepSize, examplesPerPass);
    }

    @Override
    public String toString() {
        return "AIS " + steps() + " " + schedule + " steps from " + init.id() + ", " + chains + " chains, "
                + leapfrog + " leapfrog steps";
    }
}
