package org.iwae4j.data;

import java.util.Objects;

/**
 * A dataset divided into the sets used for training, early stopping / model selection and reporting.
 *
 * @param binary the pixels are 0 or 1 already (e.g. a fixed binarization such as Larochelle's
 *     binarized MNIST): training and evaluation use them as they are instead of drawing binary
 *     images from intensities
 */
public record DatasetSplits(String dataset, ImageSet train, ImageSet validation, ImageSet test, boolean binary) {
    public DatasetSplits {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** Grey-level data, binarized dynamically for training and once for evaluation. */
    public DatasetSplits(String dataset, ImageSet train, ImageSet validation, ImageSet test) {
        this(dataset, train, validation, test, false);
    }

    /**
     * @param name {@code test}, {@code validation} or {@code train}
     * @return that split's images
     * @throws IllegalArgumentException for another name
     */
    public ImageSet split(String name) {
        return switch (name) {
            case "test" -> test;
            case "validation" -> validation;
            case "train" -> train;
            default -> throw new IllegalArgumentException("unknown split '" + name + "'");
        };
    }

    /** The binary images to score {@code set} on: drawn once from {@code evalSeed}, or as they are. */
    public BinarizedSet forEvaluation(ImageSet set, long evalSeed) {
        return binary ? Binarization.asIs(set) : Binarization.fixed(set, evalSeed);
    }
}
