package org.iwae4j.train;

import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.RunRecord;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.optim.LearningRateSchedule;
import org.iwae4j.optim.Adam;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.ImageSet;
import org.iwae4j.eval.ObjectiveOnSet;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Estimators;
import org.iwae4j.objective.GradientEstimator;

/**
 * The training loop: dynamically binarized minibatches (or the images as they are, for binary data) in a fresh seeded order each epoch, one
 * Adam step per minibatch on the objective's negative bound, validation bound, metrics and
 * checkpoints after each epoch. All randomness comes from one {@link SeededRandom} whose state
 * is checkpointed, so a resumed run repeats an uninterrupted one exactly.
 */
public final class Trainer {
    private final RunDirectory run;
    private final RunRecord record;
    private final DatasetSplits data;
    private final TrainingListener listener;

    public Trainer(RunDirectory run, RunRecord record, DatasetSplits data, TrainingListener listener) {
        this.run = run;
        this.record = record;
        this.data = data;
        this.listener = listener;
    }

    /** Trains up to the configured epoch count, from the newest intact checkpoint if {@code resume}. */
    public List<EpochMetrics> train(boolean resume) {
        TrainConfig config = record.config();
        Objective objective = config.objective();
        GradientEstimator estimator = Estimators.byName(config.estimator());
        int samples = config.samplesPerExample();
        LearningRateSchedule schedule = LearningRateSchedule.byName(config.schedule(), config.learningRate(), config.epochs());
        Torch.setThreads(config.effectiveThreads());
        Device device = Torch.device(config.device());
        ImageSet train = data.train();
        int dim = train.dimension();
        int batchSize = config.batchSize();
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;

        try (NDManager base = Torch.newManager(device)) {
            SeededRandom rng = new SeededRandom(config.seed());
            Optional<Checkpoint.Loaded> checkpoint = resume ? loadLatest(base) : Optional.empty();
            Parameters parameters;
            int startEpoch;
            double elapsed;
            if (checkpoint.isPresent()) {
                Checkpoint.State state = checkpoint.get().state();
                parameters = Parameters.restored(base, checkpoint.get().parameters());
                rng.restore(state.rngState());
                startEpoch = state.epoch();
                elapsed = state.elapsedSeconds();
            } else {
                Torch.seed(rng.nextTorchSeed());
                parameters = Parameters.initialized(base);
                startEpoch = 0;
                elapsed = 0;
            }
            Autoencoder model = new Autoencoder(record.architecture(), parameters,
                    Autoencoder.outputBiasFor(train.pixelMeans()));
            Adam adam = Adam.paper(List.copyOf(parameters.all()), parameters.manager());
            if (checkpoint.isPresent()) {
                adam.restore(checkpoint.get().optimizerState(), checkpoint.get().state().adamStep());
            }
            MetricsLog metrics = startEpoch == 0
                    ? MetricsLog.empty(run.metricsFile())
                    : MetricsLog.resume(run.metricsFile(), startEpoch);
            BinarizedSet validation = data.forEvaluation(data.validation(), config.evalSeed());

            TrainingStep step = new TrainingStep(model, objective, estimator, samples, adam, base);
            int[] order = new int[train.size()];
            float[] batch = new float[batchSize * dim];
            Set<Integer> stageEnds = new HashSet<>();
            listener.started(startEpoch + 1, config.epochs(), stepsPerEpoch);
            for (int epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double lr = schedule.rate(epoch);
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                rng.shuffle(order);
                double boundSum = 0;
                int counted = 0;
                long skipped = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int from = s * batchSize;
                    int to = Math.min(order.length, from + batchSize);
                    Binarization.minibatch(train.pixels(), dim, order, from, to, data.binary(), rng, batch);
                    TrainingStep.Result r = step.run(batch, to - from, dim, (float) lr, rng);
                    if (!r.applied()) {
                        if (!TrainConfig.SKIP.equals(config.onNonFinite())) {
                            throw new NonFiniteException(r.fault(), epoch, s + 1);
                        }
                        skipped++;
                        listener.message(r.fault() + " at epoch " + epoch + ", step " + (s + 1) + ": step skipped");
                    }
                    if (Float.isFinite(r.bound())) {
                        boundSum += (double) r.bound() * (to - from);
                        counted += to - from;
                    }
                    listener.stepDone(epoch, boundSum / Math.max(1, counted));
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                double valBound = ObjectiveOnSet.mean(model, objective, samples, validation, base,
                        new SeededRandom(rng.nextLong()));
                elapsed += (System.nanoTime() - epochStart) / 1e9;
                EpochMetrics m = new EpochMetrics(epoch, lr, boundSum / Math.max(1, counted), valBound, seconds, elapsed,
                        (long) epoch * stepsPerEpoch, train.size() / seconds, skipped);
                metrics.append(m);
                if (schedule.isStageEnd(epoch)) {
                    stageEnds.add(epoch);
                }
                if (epoch % config.checkpointEvery() == 0 || schedule.isStageEnd(epoch) || epoch == config.epochs()) {
                    if (!Adam.allFinite(List.copyOf(parameters.all()))) {
                        throw new NonFiniteException("non-finite parameters at the end of epoch " + epoch
                                + "; not checkpointed, the last checkpoint is intact");
                    }
                    Checkpoint.write(run.checkpointFor(epoch),
                            new Checkpoint.State(epoch, adam.step(), rng.state(), elapsed),
                            parameters.toNDList(), adam.state());
                    run.pruneCheckpoints(config.keepCheckpoints(), stageEnds);
                }
                listener.epochDone(m);
            }
            listener.finished();
            return metrics.entries();
        }
    }

    private Optional<Checkpoint.Loaded> loadLatest(NDManager base) {
        Optional<Path> latest = run.latestIntactCheckpoint(listener::message);
        if (latest.isEmpty()) {
            listener.message("no intact checkpoint in " + run.root() + "; starting from epoch 0");
            return Optional.empty();
        }
        listener.message("resuming from " + latest.get());
        return Optional.of(Checkpoint.read(latest.get(), base));
    }
}
