package org.iwae4j.experiment;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.Json;

/**
 * Runs a {@link TaskSpec} on an executor: starts {@link ConfigurationTask} in a child JVM with
 * the environment the launcher gives iwae4j (DJL offline and without tracking, the malloc
 * settings, MKL_CBWR for bit-identical results, the AMD MKL preload), its output appended to
 * OUT/logs/ID.log. A crash is retried (the child resumes from the newest intact checkpoint);
 * a permanent error, or a crash on every attempt, is written to failure.json and returned as a
 * failed result, so one bad configuration never stops the others.
 */
public final class TaskRunner {
    private TaskRunner() {}

    /** The state of each configuration of a task after it ran. */
    public record Result(String id, String state, String error) implements Serializable {}

    /** A failed configuration's failure.json. */
    public record Failure(String id, String error, int exitCode, int attempts, String host, String at) {}

    public static List<Result> run(TaskSpec spec) {
        Path out = Path.of(spec.out());
        Path log = logFile(out, spec.last().id());
        int code = -1;
        int attempt = 0;
        while (attempt < Math.max(1, spec.attempts())) {
            attempt++;
            String arg = Json.line(new TaskSpec(spec.chain(), spec.out(), spec.dataDir(), spec.evalK(), spec.evalLimit(),
                    spec.evalSeed(), spec.threads(), "", spec.mklFix(), spec.attempts()));
            code = launch(ConfigurationTask.class.getName(), arg, spec.childClasspath(), spec.mklFix(), spec.dataDir(),
                    log, "attempt " + attempt);
            if (code == 0 || code == 2) {
                break;
            }
        }
        List<Result> results = new ArrayList<>();
        String error = null;
        for (Configuration c : spec.chain()) {
            Path dir = out.resolve(c.id());
            if (Files.exists(dir.resolve(ConfigurationTask.OUTCOME))) {
                results.add(new Result(c.id(), "done", null));
                continue;
            }
            if (Status.isLocked(dir.resolve(ConfigurationTask.TASK_LOCK))) {
                // another live command holds it: running there, not failed
                results.add(new Result(c.id(), "running", null));
                continue;
            }
            if (error == null) {
                error = lastError(log, code);
            }
            String message = results.isEmpty() || !"failed".equals(results.get(results.size() - 1).state())
                    ? error : "its first stage failed: " + error;
            Json.write(dir.resolve(ConfigurationTask.FAILURE), new Failure(c.id(), message, code, attempt, host(),
                    Instant.now().toString()));
            results.add(new Result(c.id(), "failed", message));
        }
        return results;
    }

    static Path logFile(Path out, String id) {
        return out.resolve("logs").resolve(id + ".log");
    }

    /** Runs {@code mainClass} with one argument in a child JVM set up as the launcher sets up iwae4j; returns its exit status. */
    static int launch(String mainClass, String arg, String classpath, String mklFix, String dataDir, Path log,
            String header) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmn64m");
        command.add("-DOPT_OUT_TRACKING=true");
        command.add("-Dai.djl.offline=true");
        command.add("-Djava.awt.headless=true");
        command.add("-Diwae.data.dir=" + dataDir);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add(arg);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("OPT_OUT_TRACKING", "true");
        env.putIfAbsent("MALLOC_MMAP_THRESHOLD_", "33554432");
        env.putIfAbsent("MALLOC_TRIM_THRESHOLD_", "4294967295");
        env.putIfAbsent("MALLOC_ARENA_MAX", "1");
        env.put("MKL_CBWR", "AUTO,STRICT");
        env.remove("LD_PRELOAD");
        if (mklFix != null && !mklFix.isEmpty() && new File(mklFix).isFile()) {
            env.put("LD_PRELOAD", mklFix);
        }
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "--- " + Instant.now() + " " + header + " on " + host() + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process child = builder.start();
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // Spark killed the task (job cancelled): the training goes with it
                child.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("task interrupted", e);
            } finally {
                child.getOutputStream().close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the task's JVM: " + e.getMessage(), e);
        }
    }

    /** The child's last "iwae: ..." line, else its last line, else the exit status. */
    static String lastError(Path log, int code) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("iwae: ")) {
                    return lines.get(i).substring(6);
                }
                if (lines.get(i).startsWith("--- ")) {
                    break;
                }
            }
            return "exit status " + code + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
        } catch (IOException e) {
            return "exit status " + code;
        }
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
