package org.iwae4j.ais;

import org.iwae4j.common.InvalidParameterException;

/** Inverse-temperature schedules beta_1 &lt; ... &lt; beta_T = 1 of the annealing path (beta_0 = 0 is implied). */
public final class Schedules {
    /** Steepness of the sigmoidal schedule (Grosse, Ghahramani and Adams 2015 use 4). */
    static final double SIGMOID_DELTA = 4;

    private Schedules() {}

    /**
     * beta_t = t / T.
     *
     * @param steps T
     * @return the T betas
     */
    public static double[] linear(int steps) {
        requireSteps(steps);
        double[] betas = new double[steps];
        for (int t = 1; t <= steps; t++) {
            betas[t - 1] = (double) t / steps;
        }
        return betas;
    }

    /**
     * The sigmoidal schedule: s_t = sigmoid(delta (2t/T - 1)), rescaled so that beta_0 = 0 and
     * beta_T = 1; it spends more distributions near both ends, where the path changes fastest.
     *
     * @param steps T
     * @return the T betas
     */
    public static double[] sigmoid(int steps) {
        requireSteps(steps);
        double first = sigma(-SIGMOID_DELTA);
        double last = sigma(SIGMOID_DELTA);
        double[] betas = new double[steps];
        for (int t = 1; t <= steps; t++) {
            betas[t - 1] = (sigma(SIGMOID_DELTA * (2.0 * t / steps - 1)) - first) / (last - first);
        }
        betas[steps - 1] = 1;
        return betas;
    }

    /**
     * @param schedule {@code linear}, {@code sigmoid} or a comma-separated list of betas
     * @param steps T for a named schedule (ignored for a list)
     * @return the betas, checked
     * @throws InvalidParameterException for an unknown name, too few steps or a list that does not
     *     increase strictly from above 0 to 1
     */
    public static double[] parse(String schedule, int steps) {
        double[] betas;
        if (schedule.contains(",") || schedule.matches("[0-9.eE+-]+")) {
            String[] parts = schedule.split(",");
            betas = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    betas[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException("aisSchedule", "aisSchedule: '" + parts[i].trim()
                            + "' is not a number");
                }
            }
        } else {
            betas = switch (schedule) {
                case "linear" -> linear(steps);
                case "sigmoid" -> sigmoid(steps);
                default -> throw new InvalidParameterException("aisSchedule", "aisSchedule must be linear, sigmoid "
                        + "or a list of increasing betas ending at 1, got '" + schedule + "'");
            };
        }
        check(betas);
        return betas;
    }

    /**
     * @param betas a schedule
     * @throws InvalidParameterException unless it increases strictly from above 0 to exactly 1
     */
    static void check(double[] betas) {
        InvalidParameterException.require(betas.length >= 1, "aisSchedule", "needs at least one beta");
        double previous = 0;
        for (double b : betas) {
            if (!(b > previous)) {
                throw new InvalidParameterException("aisSchedule", "aisSchedule must increase strictly from 0 to 1, got "
                        + b + " after " + previous);
            }
            previous = b;
        }
        InvalidParameterException.require(previous == 1, "aisSchedule", "must end at 1, got " + previous);
    }

    private static void requireSteps(int steps) {
        InvalidParameterException.require(steps >= 1, "aisSteps", "must be at least 1, got " + steps);
    }

    private static double sigma(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
