package org.iwae4j.train;

import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.ImageSet;
import org.iwae4j.objective.Estimators;
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
    private final List<EpochMetrics> history;

    /**
     * @param config what to train
     * @param data the training images (and validation images for the validation bound)
     * @param progress hears of steps, epochs and messages
     * @param listeners act after each epoch, in this order
     */
    public Trainer(TrainConfig config, DatasetSplits data, ProgressListener progress, List<TrainingListener> listeners) {
        this(config, data, progress, listeners, List.of());
    }

    /**
     * @param config what to train
     * @param data the training images (and validation images for the validation bound)
     * @param progress hears of steps, epochs and messages
     * @param listeners act after each epoch, in this order
     * @param history the metrics of the epochs trained before (a resumed run's), for the best epoch
     */
    public Trainer(TrainConfig config, DatasetSplits data, ProgressListener progress, List<TrainingListener> listeners,
            List<EpochMetrics> history) {
        this.config = config;
        this.data = data;
        this.progress = progress;
        this.listeners = List.copyOf(listeners);
        this.history = List.copyOf(history);
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
        TrainingStep step = TrainingStep.create(config.path(), state.model(), config.objective(), Estimators.create(config.estimator()),
                config.samplesPerExample(), state.optimizer(), state.manager());
        Validation validation = new Validation(data.forEvaluation(data.validation(), config.evalSeed()),
                config.objective(), config.samplesPerExample());
        NonFiniteGuard guard = new NonFiniteGuard(config.onNonFinite(), progress);
        if (config.earlyStop() > 0 && validation.isEmpty()) {
            throw new UserError("--early-stop needs validation images to watch, and dataset " + config.dataset()
                    + " has none");
        }
        EarlyStopping best = EarlyStopping.replay(history, config.minDelta());
        List<EpochMetrics> trained = new ArrayList<>();
        if (state.epoch() > 0 && EarlyStopping.stopsAfter(config, state.epoch(), best.bestEpoch())) {
            progress.message("training stopped early after epoch " + state.epoch() + " (best validation bound at epoch "
                    + best.bestEpoch() + "): nothing to do");
            return trained;
        }
        int[] order = new int[train.size()];
        float[] batch = new float[batchSize * dim];

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
            float klWeight = 1f;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int from = s * batchSize;
                int to = Math.min(order.length, from + batchSize);
                Binarization.minibatch(train.pixels(), dim, order, from, to, data.binary(), state.rng(), batch);
                klWeight = (float) config.klWeight(epoch, s, stepsPerEpoch);
                TrainingStep.Result r = step.run(batch, to - from, dim, (float) lr, klWeight, state.rng());
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
                    state.elapsedSeconds(), (long) epoch * stepsPerEpoch, train.size() / seconds, guard.takeSkipped(),
                    (double) klWeight, null);
            best.observe(epoch, valBound);
            metrics = metrics.withBestEpoch(best.bestEpoch());
            for (TrainingListener listener : listeners) {
                listener.onEpochEnd(state, metrics);
            }
            progress.epochDone(metrics);
            trained.add(metrics);
            if (EarlyStopping.stopsAfter(config, metrics)) {
                progress.message(String.format("early stopping after epoch %d: no better validation bound for %d epoch%s;"
                        + " best %.2f at epoch %d (checkpoints/best.ckpt)", epoch, config.earlyStop(),
                        config.earlyStop() == 1 ? "" : "s", best.bestBound(), best.bestEpoch()));
                break;
            }
        }
        progress.finished();
        return trained;
    }
}
