package org.iwae4j.experiment;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark task does, in a child JVM: train the configurations of {@code chain} in order
 * (one for Table 1; a first stage and its continuation for Table 2) in {@code out}/ID, then
 * evaluate each. Plain data, serializable to the executors and as JSON to the child process.
 *
 * @param evalLimit 0 evaluates the whole test set
 * @param childClasspath the classpath of the child JVM (the iwae4j library; must exist on every executor)
 * @param mklFix the launcher's AMD MKL preload library, or null
 */
public record TaskSpec(List<Configuration> chain, String out, String dataDir, int evalK, int evalLimit,
        long evalSeed, int threads, String childClasspath, String mklFix, int attempts) implements Serializable {

    public Configuration last() {
        return chain.get(chain.size() - 1);
    }
}
