package org.iwae4j.run;

import org.iwae4j.run.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;

/** metrics.jsonl: one JSON object per epoch, rewritten atomically after each epoch. */
public final class MetricsLog {
    private final Path file;
    private final List<EpochMetrics> entries = new ArrayList<>();

    private MetricsLog(Path file) {
        this.file = file;
    }

    public static MetricsLog empty(Path file) {
        return new MetricsLog(file);
    }

    /** The entries up to and including {@code lastEpoch}: later ones belong to work a resume redoes. */
    public static MetricsLog resume(Path file, int lastEpoch) {
        MetricsLog log = new MetricsLog(file);
        for (EpochMetrics m : read(file)) {
            if (m.epoch() <= lastEpoch) {
                log.entries.add(m);
            }
        }
        return log;
    }

    public static List<EpochMetrics> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<EpochMetrics> result = new ArrayList<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    result.add(Json.MAPPER.readValue(line, EpochMetrics.class));
                } catch (IOException e) {
                    throw new UserError(file + ": line " + lineNo + " is not a metrics record");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    public List<EpochMetrics> entries() {
        return List.copyOf(entries);
    }

    public void append(EpochMetrics metrics) {
        entries.add(metrics);
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : entries) {
            sb.append(Json.line(m)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
