package org.iwae4j.data;

import java.util.Arrays;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.UserError;

/** Splits a training set into training and validation images. */
public final class Holdout {
    /** The seed of every shuffled hold-out, fixed so that all runs validate on the same images. */
    public static final long SEED = 0;

    private Holdout() {}

    /** The last {@code validationSize} images for validation (MNIST's split in the paper). */
    public static DatasetSplits last(String dataset, ImageSet all, int validationSize, ImageSet test, boolean binary) {
        int trainSize = checkedTrainSize(all, validationSize);
        return new DatasetSplits(dataset,
                all.subset(dataset + "/train", 0, trainSize),
                all.subset(dataset + "/validation", trainSize, all.size()),
                test, binary);
    }

    /**
     * {@code validationSize} images drawn by a shuffle seeded with {@link #SEED} for validation; the
     * rest, in their original order, for training.
     */
    public static DatasetSplits shuffled(String dataset, ImageSet all, int validationSize, ImageSet test, boolean binary) {
        int trainSize = checkedTrainSize(all, validationSize);
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new SeededRandom(SEED).shuffle(order);
        int[] validation = Arrays.copyOfRange(order, trainSize, order.length);
        int[] train = Arrays.copyOf(order, trainSize);
        Arrays.sort(train);
        return new DatasetSplits(dataset, all.select(dataset + "/train", train),
                all.select(dataset + "/validation", validation), test, binary);
    }

    /** The usual hold-out for user data without a validation set: a tenth, at least 1 image. */
    public static int tenthOf(int size) {
        return Math.max(1, size / 10);
    }

    private static int checkedTrainSize(ImageSet all, int validationSize) {
        if (validationSize < 1 || validationSize >= all.size()) {
            throw new UserError(all.name() + ": " + all.size() + " training images are too few to hold out "
                    + validationSize + " for validation and train on the rest");
        }
        return all.size() - validationSize;
    }
}
