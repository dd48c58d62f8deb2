package org.iwae4j.run;

import org.iwae4j.run.Provenance;
import org.iwae4j.config.TrainConfig;
import java.util.Map;
import org.iwae4j.model.Architecture;

/**
 * The content of a run's config.json: the configuration, the resolved model sizes, the SHA-256 of
 * each data file trained on, and provenance.
 */
public record RunRecord(TrainConfig config, Architecture architecture, Map<String, String> dataFiles,
        Provenance provenance) {}
