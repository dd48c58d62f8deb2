package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.iwae4j.run.EvalResult;
import org.iwae4j.run.RunDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and two workers, separate JVMs from the
 * same jars): one worker and its executor are killed with SIGKILL mid-training; the task is retried on
 * the other worker, resumes from the newest intact checkpoint, and the results equal a local run's bit
 * for bit.
 */
class ClusterKillTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void killingAWorkerMidTrainingChangesNoResult() throws Exception {
        String data = TinyExperiments.dataset(tmp, 1000);
        Configuration vae = TinyExperiments.config(data, "vae", 1, 25);
        Configuration iwae = TinyExperiments.config(data, "iwae", 5, 25);
        List<List<Configuration>> grid = TinyExperiments.chains(vae, iwae);

        Path home = sparkHome();
        int port = freePort();
        Process master = start(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        try {
            waitForPort(port);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + Files.readString(tmp.resolve("master.log")), e);
        }
        String url = "spark://127.0.0.1:" + port;
        List<Process> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            workers.add(start(home, "worker" + i, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "2g", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", tmp.resolve("work" + i).toString()));
        }

        Path out = tmp.resolve("cluster");
        SparkExperiment.Settings cluster = new SparkExperiment.Settings(url, 2, 4, System.getProperty("java.class.path"),
                null, "", 3600);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CompletableFuture<List<TaskRunner.Result>> job = CompletableFuture.supplyAsync(() -> SparkExperiment.run(
                SparkExperiment.specs(grid, out, tmp, 50, 0, 1, 1, cluster), cluster, out, log));

        // Wait until both configurations train (each on its own 1-core worker) and have a checkpoint.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(checkpointed(out, vae) && checkpointed(out, iwae))) {
            assertTrue(System.nanoTime() < deadline, "the cluster never started both trainings");
            assertFalse(job.isDone(), () -> "the job ended early: " + job.join());
            Thread.sleep(100);
        }
        Process victim = workers.get(0);
        List<ProcessHandle> tree = victim.descendants().toList();
        assertFalse(tree.isEmpty(), "the worker has an executor");
        victim.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        int trainedWhenKilled = Math.min(epochs(out, vae), epochs(out, iwae));
        assertTrue(trainedWhenKilled < 25, "killed mid-training");

        List<TaskRunner.Result> results = job.get(240, TimeUnit.SECONDS);
        assertEquals(2, results.size());
        assertTrue(results.stream().allMatch(r -> "done".equals(r.state())), results::toString);
        String logs = Files.readString(TaskRunner.logFile(out, vae.id())) + Files.readString(TaskRunner.logFile(out, iwae.id()));
        assertTrue(logs.contains("resuming from"), "a retried task resumed from a checkpoint:\n" + logs);
        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }

        Path local = tmp.resolve("local");
        SparkExperiment.run(SparkExperiment.specs(grid, local, tmp, 50, 0, 1, 1, TinyExperiments.local(2)),
                TinyExperiments.local(2), local, log);
        for (Configuration c : List.of(vae, iwae)) {
            for (String name : List.of("test", "test-pruned")) {
                EvalResult a = TinyExperiments.eval(out, c, name);
                EvalResult b = TinyExperiments.eval(local, c, name);
                assertEquals(b.nll(), a.nll(), 0.0, c.id() + " " + name);
                assertEquals(b.stderr(), a.stderr(), 0.0);
                assertArrayEquals(TinyExperiments.logPx(local, c, name), TinyExperiments.logPx(out, c, name));
            }
        }
    }

    private static boolean checkpointed(Path out, Configuration c) {
        Path dir = out.resolve(c.id());
        return RunDirectory.holdsRun(dir) && !RunDirectory.open(dir).checkpoints().isEmpty();
    }

    private static int epochs(Path out, Configuration c) {
        List<Path> checkpoints = RunDirectory.open(out.resolve(c.id())).checkpoints();
        return checkpoints.isEmpty() ? 0 : RunDirectory.epochOf(checkpoints.get(checkpoints.size() - 1));
    }

    /** SPARK_HOME for the workers: jars/ with every jar of this JVM (directories packed as jars) and an empty RELEASE. */
    private Path sparkHome() throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        Files.createFile(home.resolve("RELEASE"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                jar(p, jars.resolve("classes-" + (i++) + ".jar"));
            } else if (entry.endsWith(".jar") && Files.exists(p)) {
                Path link = jars.resolve((i++) + "-" + p.getFileName());
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        return home;
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    private Process start(Path home, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("iwae.spark.opens").trim().split("\\s+")));
        command.add("-Xmx512m");
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-cp");
        command.add(home.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve(name + ".log").toFile());
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Spark master did not open port " + port);
    }
}
