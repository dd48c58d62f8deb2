package org.iwae4j.plot;

/**
 * One chain of Table 2: a first stage and its continuation under the other bound, and the paper's
 * numbers {NLL, active units after the first stage, NLL, active units after the second} (null where the
 * paper has none).
 */
public record Transfer(String label, GridCell first, GridCell second, double[] paper) {}
