package org.iwae4j.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;

/** The state of each configuration of an experiment, from its run directory alone. */
public final class Status {
    private Status() {}

    /** One configuration: done, running, failed or pending; epochs trained; seconds to go if known. */
    public record Entry(String id, String state, int epoch, int epochs, double secondsPerEpoch, double etaSeconds,
            String error) {}

    public static Entry of(Path out, Configuration c) {
        Path dir = out.resolve(c.id());
        Path metricsFile = RunDirectory.metricsFileIn(dir);
        List<EpochMetrics> metrics = Files.exists(metricsFile) ? MetricsLog.read(metricsFile) : List.of();
        int epoch = metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).epoch();
        double perEpoch = metrics.isEmpty() ? Double.NaN
                : metrics.stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
        if (Files.exists(dir.resolve(ConfigurationTask.OUTCOME))) {
            return new Entry(c.id(), "done", epoch, c.config().epochs(), perEpoch, 0, null);
        }
        double eta = Double.isNaN(perEpoch) ? Double.NaN : perEpoch * (c.config().epochs() - epoch);
        if (isLocked(dir.resolve(ConfigurationTask.TASK_LOCK))) {
            return new Entry(c.id(), "running", epoch, c.config().epochs(), perEpoch, eta, null);
        }
        if (Files.exists(dir.resolve(ConfigurationTask.FAILURE))) {
            TaskRunner.Failure f = Json.read(dir.resolve(ConfigurationTask.FAILURE), TaskRunner.Failure.class);
            return new Entry(c.id(), "failed", epoch, c.config().epochs(), perEpoch, eta, f.error());
        }
        return new Entry(c.id(), "pending", epoch, c.config().epochs(), perEpoch, eta, null);
    }

    static boolean isLocked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static List<Entry> all(Path out, List<Configuration> configurations) {
        List<Entry> entries = new ArrayList<>();
        for (Configuration c : configurations) {
            entries.add(of(out, c));
        }
        return entries;
    }

    /** The table `experiment status` prints. */
    public static String table(Path out) {
        List<Path> files = SparkExperiment.definitionFiles(out);
        if (files.isEmpty()) {
            throw new UserError(out + " holds no experiment (no experiment.json)");
        }
        StringBuilder sb = new StringBuilder();
        for (Path file : files) {
            sb.append(table(out, SparkExperiment.Definition.read(file)));
        }
        return sb.toString();
    }

    private static String table(Path out, SparkExperiment.Definition d) {
        List<Configuration> all = d.chains().stream().flatMap(List::stream).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s%n", out, d.describe()));
        sb.append(String.format(Locale.ROOT, "%-44s %-8s %13s %10s %10s%n", "configuration", "state", "epoch", "s/epoch", "ETA"));
        int[] counts = new int[4];
        for (Entry e : all(out, all)) {
            sb.append(String.format(Locale.ROOT, "%-44s %-8s %13s %10s %10s%n", e.id(), e.state(),
                    e.epoch() + "/" + e.epochs(), Double.isNaN(e.secondsPerEpoch()) ? "–" : String.format(Locale.ROOT, "%.1f", e.secondsPerEpoch()),
                    "done".equals(e.state()) ? "–" : duration(e.etaSeconds())));
            if (e.error() != null) {
                sb.append("    error: ").append(e.error()).append('\n');
            }
            counts[List.of("done", "running", "failed", "pending").indexOf(e.state())]++;
        }
        sb.append(String.format(Locale.ROOT, "%d done, %d running, %d failed, %d pending%n", counts[0], counts[1], counts[2], counts[3]));
        return sb.toString();
    }

    /** The experiment that {@code out} holds (its experiment.json). */
    static SparkExperiment.Definition definition(Path out) {
        Path file = out.resolve("experiment.json");
        if (!Files.exists(file)) {
            throw new UserError(out + " holds no experiment (no experiment.json)");
        }
        return SparkExperiment.Definition.read(file);
    }

    /** One progress line for the driver: counts, the running configurations' epochs, ETA. */
    static String progressLine(Path out, List<Configuration> all, double elapsed) {
        List<Entry> entries = all(out, all);
        double doneCost = 0;
        double totalCost = 0;
        List<String> running = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (int i = 0; i < all.size(); i++) {
            Configuration c = all.get(i);
            Entry e = entries.get(i);
            double cost = Grid.epochCost(c);
            totalCost += cost * c.config().epochs();
            if ("done".equals(e.state())) {
                done++;
                doneCost += cost * c.config().epochs();
            } else {
                doneCost += cost * e.epoch();
                if ("running".equals(e.state())) {
                    running.add(c.id() + " " + e.epoch() + "/" + e.epochs());
                } else if ("failed".equals(e.state())) {
                    failed++;
                }
            }
        }
        String eta = doneCost > 0 && elapsed > 0 ? duration(elapsed * (totalCost - doneCost) / doneCost) : "–";
        return String.format(Locale.ROOT, "experiment: %d/%d done, %d failed, running [%s], elapsed %s, ETA %s",
                done, all.size(), failed, String.join(", ", running), duration(elapsed), eta);
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "–";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
