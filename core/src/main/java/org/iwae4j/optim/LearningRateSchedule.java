package org.iwae4j.optim;

import org.iwae4j.common.UserError;

/** The learning rate per epoch, and where stages end (checkpoints are kept there). */
public interface LearningRateSchedule {
    /** The paper's schedule: stage i (0..7) has 3^i epochs at rate base * 10^(-i/7). */
    int PAPER_STAGES = 8;

    /**
     * @param epoch a 1-based epoch
     * @return its learning rate
     */
    double rate(int epoch);

    /**
     * @param epoch a 1-based epoch
     * @return whether a stage ends with it (its checkpoint is kept)
     */
    boolean isStageEnd(int epoch);

    /**
     * @param name {@code constant} or {@code paper}
     * @param baseRate the first epoch's rate
     * @param epochs the run's epochs
     * @return the schedule
     */
    static LearningRateSchedule byName(String name, double baseRate, int epochs) {
        return switch (name) {
            case "constant" -> constant(baseRate, epochs);
            case "paper" -> paper(baseRate, epochs);
            default -> throw new UserError("unknown schedule '" + name + "' (known: constant, paper)");
        };
    }

    /**
     * @param rate the rate of every epoch
     * @param epochs the run's epochs: one stage, ending with the last
     * @return the schedule
     */
    static LearningRateSchedule constant(double rate, int epochs) {
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch) {
                return rate;
            }

            @Override
            public boolean isStageEnd(int epoch) {
                return epoch == epochs;
            }
        };
    }

    /** @return the epochs of the full paper schedule: the sum of 3^i for i = 0..7, 3,280 */
    static int paperEpochs() {
        int total = 0;
        for (int i = 0, len = 1; i < PAPER_STAGES; i++, len *= 3) {
            total += len;
        }
        return total;
    }

    /**
     * The paper's schedule, exactly: stage i (0..7) has 3^i epochs at base * 10^(-i/7).
     *
     * @param baseRate the first stage's rate
     * @param epochs the run's epochs, at most {@link #paperEpochs()}
     * @return the schedule
     */
    static LearningRateSchedule paper(double baseRate, int epochs) {
        if (epochs > paperEpochs()) {
            throw new org.iwae4j.common.InvalidParameterException("epochs", "epochs " + epochs + " exceeds the paper schedule's " + paperEpochs() + " epochs");
        }
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch) {
                return baseRate * Math.pow(10, -stageOf(epoch) / 7.0);
            }

            @Override
            public boolean isStageEnd(int epoch) {
                return epoch == epochs || stageOf(epoch) != stageOf(epoch + 1);
            }
        };
    }

    /**
     * The paper schedule with the stage rates rounded as the paper's code (experiments.py) rounds
     * them: stage i runs at base * round(10^(1 - i/7), 1) / 10, i.e. for base 1e-3: 1e-3, 7.2e-4,
     * 5.2e-4, 3.7e-4, 2.7e-4, 1.9e-4, 1.4e-4, 1e-4.
     *
     * @param baseRate the first stage's rate
     * @param epochs the run's epochs, at most {@link #paperEpochs()}
     * @return the schedule
     */
    static LearningRateSchedule paperRounded(double baseRate, int epochs) {
        LearningRateSchedule exact = paper(baseRate, epochs);
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch) {
                double factor = Math.round(Math.pow(10, 1 - stageOf(epoch) / 7.0) * 10) / 10.0;
                return baseRate * factor / 10;
            }

            @Override
            public boolean isStageEnd(int epoch) {
                return exact.isStageEnd(epoch);
            }
        };
    }

    /**
     * @param epoch a 1-based epoch
     * @return its 0-based paper stage (epochs past the end stay in the last stage)
     */
    static int stageOf(int epoch) {
        int end = 0;
        for (int i = 0, len = 1; i < PAPER_STAGES; i++, len *= 3) {
            end += len;
            if (epoch <= end) {
                return i;
            }
        }
        return PAPER_STAGES - 1;
    }
}
