package org.iwae4j.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.iwae4j.api.Evaluation;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.Json;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.common.UserError;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.train.ProgressListener;

/**
 * The body of one Spark task, run in a JVM of its own (so that no two trainings ever share DJL's
 * one gradient collector or torch's one global generator): trains each configuration of the
 * chain through the library API, resuming from its newest intact checkpoint when a previous
 * attempt was interrupted, then evaluates it (k importance samples on the test set, with and without
 * the inactive units) and writes outcome.json. It exits when its parent closes its stdin, so an
 * executor that dies takes its training with it and a retry finds the run lock free.
 * Exit status: 0 done, 2 a permanent error (bad input, non-finite training), 1 anything else.
 */
public final class ConfigurationTask {
    static final String OUTCOME = "outcome.json";
    static final String FAILURE = "failure.json";
    static final String TASK_LOCK = "task.lock";

    private ConfigurationTask() {}

    /** What outcome.json holds: the configuration and its two evaluations. */
    public record Outcome(Configuration configuration, int epochs, double trainSeconds, EvalResult test,
            EvalResult testWithoutInactive) {}

    public static void main(String[] args) {
        watchParent(System.in);
        PrintStream log = System.err;
        try {
            TaskSpec spec = Json.MAPPER.readValue(args[0], TaskSpec.class);
            run(spec, log);
            log.flush();
            System.exit(0);
        } catch (UserError | InvalidParameterException e) {
            log.println("iwae: error: " + e.getMessage());
            log.flush();
            System.exit(2);
        } catch (Throwable t) {
            log.println("iwae: internal error: " + t);
            t.printStackTrace(log);
            log.flush();
            System.exit(1);
        }
    }

    /** Halts this JVM as soon as the parent's end of stdin closes (the parent died or gave up). */
    static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // the parent writes nothing; EOF means it is gone
                }
            } catch (IOException e) {
                // treated as EOF
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    static void run(TaskSpec spec, PrintStream log) throws IOException {
        Path out = Path.of(spec.out());
        Path dataDir = Path.of(spec.dataDir());
        for (Configuration c : spec.chain()) {
            Path dir = out.resolve(c.id());
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(TASK_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = waitForLock(channel, dir, log)) {
                if (Files.exists(dir.resolve(OUTCOME))) {
                    log.println(c.id() + ": done already");
                    continue;
                }
                Files.deleteIfExists(dir.resolve(FAILURE));
                long start = System.nanoTime();
                train(c, dir, out, dataDir, log);
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                log.println(c.id() + ": evaluating (k=" + spec.evalK() + ", "
                        + (spec.evalLimit() > 0 ? "first " + spec.evalLimit() : "all") + " test images)");
                EvalConfig options = EvalConfig.defaults().k(spec.evalK()).limit(spec.evalLimit())
                        .seed(spec.evalSeed()).threads(c.config().threads()).device(ComputeDevice.CPU);
                ProgressListener progress = new ProgressListener() {
                    private int total;
                    private int reported;

                    @Override
                    public void evaluationStarted(int n) {
                        total = n;
                        reported = 0;
                    }

                    @Override
                    public void evaluated(int examples) {
                        if (examples * 10L >= (reported + 1L) * total) {
                            reported = (int) (examples * 10L / total);
                            log.println(c.id() + ": evaluated " + examples + "/" + total);
                        }
                    }
                };
                EvalResult test = Evaluation.run(dir, options, true, dataDir, progress, List.of("experiment", c.id()));
                EvalResult pruned = Json.read(EvalFiles.result(dir, options.split(), true), EvalResult.class);
                Json.write(dir.resolve(OUTCOME), new Outcome(c, test.epoch(), trainSeconds, test, pruned));
                log.println(c.id() + ": " + test.summary());
                log.println(String.format(Locale.ROOT, "%s: without inactive units NLL %.2f ± %.2f (%d units kept)",
                        c.id(), pruned.nll(), pruned.stderr(), pruned.latentUnits()));
            }
        }
    }

    private static void train(Configuration c, Path dir, Path out, Path dataDir, PrintStream log) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void epochDone(EpochMetrics m) {
                log.println(String.format(Locale.ROOT, "%s: epoch %d/%d train bound %.3f validation bound %.3f %.1f s",
                        c.id(), m.epoch(), c.config().epochs(), m.trainBound(), m.valBound(), m.seconds()));
            }

            @Override
            public void message(String text) {
                log.println(c.id() + ": " + text);
            }
        };
        TrainConfig config = c.config();
        List<String> command = List.of("experiment", c.id());
        if (RunDirectory.holdsRun(dir)) {
            RunDirectory run = RunDirectory.open(dir);
            int trained = run.latestIntactCheckpoint(listener::message).map(RunDirectory::epochOf).orElse(-1);
            if (trained >= c.config().epochs()) {
                log.println(c.id() + ": trained already (" + trained + " epochs)");
                return;
            }
            TrainingRun.resume(dir, c.config().epochs(), dataDir, listener);
        } else if (c.continues() != null) {
            log.println(c.id() + ": continuing " + c.continues());
            TrainingRun.continueFrom(out.resolve(c.continues()), dir, config, dataDir, listener, command);
        } else {
            TrainingRun.start(dir, config, dataDir, listener, command);
        }
    }

    /**
     * The task lock. Its holder is alive (the operating system releases the lock of a process that
     * dies): a killed attempt's process that has not exited yet, or another command on the same
     * --out training this configuration. Either way the configuration is not failed: wait for it
     * (then it is usually done, and this task finds outcome.json), saying so once.
     */
    private static FileLock waitForLock(FileChannel channel, Path dir, PrintStream log) throws IOException {
        long start = System.nanoTime();
        boolean told = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (!told && System.nanoTime() - start > 10_000_000_000L) {
                log.println(dir.getFileName() + ": another process holds its task.lock (another command training it,"
                        + " or an earlier attempt still exiting); waiting for it");
                told = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted"));
            }
        }
    }
}
