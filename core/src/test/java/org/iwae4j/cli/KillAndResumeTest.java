package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Mnist;
import org.iwae4j.run.Checkpoint;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training processes on MNIST killed with SIGKILL at random moments and resumed must end
 * bit-identical to an uninterrupted twin: same metrics, same parameters.
 */
class KillAndResumeTest {
    private static final int EPOCHS = 3;

    @TempDir
    Path tmp;

    private static Path dataDir() {
        return Path.of(System.getProperty("iwae.data.dir", "data")).toAbsolutePath();
    }

    private Process start(Path out, boolean resume) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--out", out.toString(), "--quiet", "--data-dir", dataDir().toString()));
        if (resume) {
            cmd.add("--resume");
        } else {
            cmd.addAll(List.of("--model", "iwae", "--k", "2", "--latent", "2", "--hidden", "16",
                    "--epochs", String.valueOf(EPOCHS), "--batch-size", "100", "--seed", "5", "--threads", "1"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log-" + System.nanoTime()).toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    @Test
    void killedAndResumedRunEqualsAnUninterruptedOne() throws Exception {
        assumeTrue(new Mnist().isPresent(dataDir()), "MNIST not fetched into " + dataDir());
        Path twin = tmp.resolve("twin");
        Process p = start(twin, false);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(newestLog()));

        Path killed = tmp.resolve("killed");
        SeededRandom rng = new SeededRandom(42);
        int kills = 0;
        Process run = start(killed, false);
        while (kills < 4) {
            Thread.sleep(1500 + rng.nextInt(2500));
            if (!run.isAlive()) {
                break;
            }
            run.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hooks, no cleanup
            kills++;
            run = start(killed, RunDirectory.holdsRun(killed));
        }
        assertTrue(run.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, run.exitValue(), Files.readString(newestLog()));
        assertTrue(kills >= 2, "the run was killed " + kills + " times");

        List<EpochMetrics> a = MetricsLog.read(twin.resolve("metrics.jsonl"));
        List<EpochMetrics> b = MetricsLog.read(killed.resolve("metrics.jsonl"));
        assertEquals(EPOCHS, a.size());
        assertEquals(EPOCHS, b.size());
        for (int i = 0; i < EPOCHS; i++) {
            assertEquals(a.get(i).trainBound(), b.get(i).trainBound(), 0.0, "train bound, epoch " + (i + 1));
            assertEquals(a.get(i).valBound(), b.get(i).valBound(), 0.0, "validation bound, epoch " + (i + 1));
        }
        assertArrayEquals(parameters(twin), parameters(killed), "final parameters after " + kills + " kills");
    }

    private Path newestLog() throws Exception {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("log-"))
                    .max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
        }
    }

    private static float[] parameters(Path dir) {
        RunDirectory run = RunDirectory.open(dir);
        Path last = run.checkpointFor(EPOCHS);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            List<Float> all = new ArrayList<>();
            for (NDArray a : Checkpoint.read(last, manager).parameters()) {
                for (float v : a.toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

}
