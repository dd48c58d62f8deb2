package org.iwae4j.data;

import java.util.Objects;

/** A dataset divided into the sets used for training, early stopping / model selection and reporting. */
public record DatasetSplits(String dataset, ImageSet train, ImageSet validation, ImageSet test) {
    public DatasetSplits {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }
}
