package org.iwae4j.run;

import java.util.List;
import java.util.Map;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.model.Architecture;

/**
 * The content of a run's config.json: the configuration, the resolved model sizes, the SHA-256 of
 * each data file trained on, provenance, and the data changes a user accepted explicitly when the
 * run was resumed on files that differ from the recorded ones.
 *
 * @param config the configuration
 * @param architecture the resolved model sizes
 * @param dataFiles the SHA-256 (or git blob id) of each data file, by file name
 * @param provenance version, revision, machine and math library settings of the training
 * @param acceptedDataChanges data changes accepted with {@code --accept-changed-data}; null (older files) reads as none
 */
public record RunRecord(TrainConfig config, Architecture architecture, Map<String, String> dataFiles,
        Provenance provenance, List<DataCheck.Change> acceptedDataChanges) {

    /** Fills what files written by older versions lack. */
    public RunRecord {
        acceptedDataChanges = acceptedDataChanges == null ? List.of() : List.copyOf(acceptedDataChanges);
    }

    /**
     * A record with no accepted data changes.
     *
     * @param config the configuration
     * @param architecture the resolved model sizes
     * @param dataFiles the digest of each data file, by file name
     * @param provenance version, revision, machine and math library settings
     */
    public RunRecord(TrainConfig config, Architecture architecture, Map<String, String> dataFiles,
            Provenance provenance) {
        this(config, architecture, dataFiles, provenance, List.of());
    }

    /**
     * @param value the configuration
     * @return a copy with it
     */
    public RunRecord withConfig(TrainConfig value) {
        return new RunRecord(value, architecture, dataFiles, provenance, acceptedDataChanges);
    }

    /**
     * @param changes data changes accepted now
     * @return a copy with them added to the earlier ones
     */
    public RunRecord withAcceptedDataChanges(List<DataCheck.Change> changes) {
        List<DataCheck.Change> all = new java.util.ArrayList<>(acceptedDataChanges);
        all.addAll(changes);
        return new RunRecord(config, architecture, dataFiles, provenance, all);
    }
}
