package org.iwae4j.train;

import java.util.ArrayList;
import java.util.List;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.ImageSet;
import org.iwae4j.optim.LearningRateSchedule;
import org.iwae4j.run.EpochMetrics;

/**
 * The training loop: dynamically binarized minibatches (binary data as it is) in a fresh seeded
 * order each epoch, one optimizer step per minibatch on the estimator's surrogate, then the
 * validation bound and the epoch's listeners (metrics, checkpoints). All randomness comes from the
 * state's generator, so a run resumed from a checkpoint repeats an uninterrupted one exactly.
 * Not thread-safe, and one trainer per JVM at a time: the engine has one global generator and one
 * open gradient collector.
 */
public final class Trainer {
    private final TrainConfig config;
    private final DatasetSplits data;
    private final ProgressListener progress;
    private final List<TrainingListener> listeners;

    /**
     * @param config what to train
     * @param data the training images (and validation images for the validation bound)
     * @param progress hears of steps, epochs and messages
     * @param listeners act after each epoch, in this order
     */
    public Trainer(TrainConfig config, DatasetSplits data, ProgressListener progress, List<TrainingListener> listeners) {
        this.config = config;
        this.data = data;
        this.progress = progress;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Trains from the state's epoch up to the configured epoch count.
     *
     * @param state a fresh or restored state; it advances epoch by epoch
     * @return the metrics of the epochs trained now
     * @throws NonFiniteException when a step is not finite under the STOP policy
     */
    public List<EpochMetrics> fit(TrainingState state) {
        ImageSet train = data.train();
        int dim = train.dimension();
        int batchSize = config.batchSize();
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        LearningRateSchedule rates = config.learningRates();
        TrainingStep step = TrainingStep.create(config.path(), state.model(), config.objective(), config.gradientEstimator(),
                config.samplesPerExample(), state.optimizer(), state.manager());
        Validation validation = new Validation(data.forEvaluation(data.validation(), config.evalSeed()),
                config.objective(), config.samplesPerExample());
        NonFiniteGuard guard = new NonFiniteGuard(config.onNonFinite(), progress);
        int[] order = new int[train.size()];
        float[] batch = new float[batchSize * dim];
        List<EpochMetrics> trained = new ArrayList<>();

        progress.started(state.epoch() + 1, config.epochs(), stepsPerEpoch);
        for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double lr = rates.rate(epoch);
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            state.rng().shuffle(order);
            double boundSum = 0;
            int counted = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int from = s * batchSize;
                int to = Math.min(order.length, from + batchSize);
                Binarization.minibatch(train.pixels(), dim, order, from, to, data.binary(), state.rng(), batch);
                TrainingStep.Result r = step.run(batch, to - from, dim, (float) lr, state.rng());
                guard.check(r, epoch, s + 1);
                if (Float.isFinite(r.bound())) {
                    boundSum += (double) r.bound() * (to - from);
                    counted += to - from;
                }
                progress.stepDone(epoch, boundSum / Math.max(1, counted));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double valBound = validation.bound(state);
            state.finishEpoch(epoch, (System.nanoTime() - start) / 1e9);
            EpochMetrics metrics = new EpochMetrics(epoch, lr, boundSum / Math.max(1, counted), valBound, seconds,
                    state.elapsedSeconds(), (long) epoch * stepsPerEpoch, train.size() / seconds, guard.takeSkipped());
            for (TrainingListener listener : listeners) {
                listener.onEpochEnd(state, metrics);
            }
            progress.epochDone(metrics);
            trained.add(metrics);
        }
        progress.finished();
        return trained;
    }
}
