package org.iwae4j.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.train.ProgressListener;

/**
 * Progress on the terminal: a bar with rate and ETA when stderr is a terminal, one line per epoch
 * (or per tenth of an evaluation) when it is a log file, nothing with --quiet.
 */
final class ConsoleProgress {
    private ConsoleProgress() {}

    static boolean interactive() {
        return System.console() != null;
    }

    private static ProgressBar bar(String task, long max, String unit, PrintWriter err) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(WriterStream.of(err)))
                .build();
    }

    static ProgressListener training(String name, boolean quiet, PrintWriter err) {
        if (quiet) {
            return new ProgressListener() {
                @Override
                public void message(String text) {
                    err.println(text);
                }
            };
        }
        return new ProgressListener() {
            private ProgressBar bar;
            private int lastEpoch;

            @Override
            public void started(int firstEpoch, int lastEpoch, int stepsPerEpoch) {
                this.lastEpoch = lastEpoch;
                if (firstEpoch > lastEpoch) {
                    err.println(name + ": already trained to epoch " + lastEpoch);
                    return;
                }
                if (interactive()) {
                    bar = bar(name, (long) (lastEpoch - firstEpoch + 1) * stepsPerEpoch, "steps", err);
                }
            }

            @Override
            public void stepDone(int epoch, double bound) {
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format("  epoch %d/%d  bound %.2f", epoch, lastEpoch, bound));
                }
            }

            @Override
            public void epochDone(EpochMetrics m) {
                if (bar == null) {
                    err.printf("%s: epoch %d/%d  lr %.2e  train bound %.2f%s  val bound %.2f%s  %.1f s  %.0f ex/s%n",
                            name, m.epoch(), lastEpoch, m.lr(), m.trainBound(),
                            m.klWeight() < 1 ? String.format(" (KL weight %.2f)", m.klWeight()) : "", m.valBound(),
                            m.bestEpoch() == m.epoch() ? " (best)" : "", m.seconds(), m.examplesPerSecond());
                }
            }

            @Override
            public void message(String text) {
                err.println(text);
            }

            @Override
            public void finished() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }

    static ProgressListener evaluation(String name, boolean quiet, PrintWriter err) {
        return new ProgressListener() {
            private ProgressBar bar;
            private int total;
            private int reported;
            private long start;

            @Override
            public void evaluationStarted(int total) {
                this.total = total;
                this.start = System.nanoTime();
                if (!quiet && interactive()) {
                    bar = bar(name, total, "examples", err);
                }
            }

            @Override
            public void evaluated(int examples) {
                if (bar != null) {
                    bar.stepTo(examples);
                    if (examples == total) {
                        bar.close();
                    }
                } else if (!quiet && examples * 10L / total > reported) {
                    reported = (int) (examples * 10L / total);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    err.printf("%s: %d/%d examples, %.0f s elapsed, ETA %.0f s%n", name, examples, total, seconds,
                            seconds / examples * (total - examples));
                }
            }

            @Override
            public void message(String text) {
                err.println(text);
            }
        };
    }
}
