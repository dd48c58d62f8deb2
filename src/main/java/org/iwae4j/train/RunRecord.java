package org.iwae4j.train;

import org.iwae4j.model.Architecture;

/** The content of a run's config.json: the configuration, the resolved model sizes and provenance. */
public record RunRecord(TrainConfig config, Architecture architecture, String datasetSha256, Provenance provenance) {}
