package org.iwae4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iwae4j.common.ProcessEnvironment;
import org.iwae4j.common.Torch;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.testing.Cli;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the artifact on its own gives the CLI's numbers. This JVM's environment lacks the
 * launcher's set-up (the POMs no longer set it), so the library applies it itself when the engine
 * loads; `./iwae train` gets it from the launcher. Before, the same run ended at other numbers
 * (MKL_CBWR unset; and on AMD CPUs MKL's generic kernels instead of the preloaded fix's).
 */
class LauncherEqualsApiTest {
    @TempDir
    Path tmp;

    @Test
    void theEngineLoadAppliesWhatThisProcessLacks() {
        Torch.engine();
        for (ProcessEnvironment.Variable v : ProcessEnvironment.variables()) {
            if (v.missingFrom(System.getenv())) {
                assertEquals(v.value(), Torch.appliedEnvironment().get(v.name()), v.name() + " applied in-process");
            }
        }
    }

    @Test
    void aModelTrainedThroughTheApiEqualsOneTrainedByTheLauncher() throws Exception {
        Path npz = Cli.npz(tmp.resolve("digits.npz"), 400, 28, 5); // 784 pixels: the paper's layer sizes
        TrainConfig config = TrainConfig.defaults().dataset("npz:" + npz).k(5).epochs(2).threads(1).seed(3);
        Path api = tmp.resolve("api");
        try (TrainedModel model = Iwae.train(config, tmp, api, ProgressListener.SILENT)) {
            assertEquals(2, model.epoch());
        }
        Path cli = tmp.resolve("cli");
        Cli.Outcome o = launcher(tmp.resolve("root"), "train", "--dataset", "npz:" + npz, "--k", "5", "--epochs", "2",
                "--threads", "1", "--seed", "3", "--out", cli.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        List<EpochMetrics> byApi = MetricsLog.read(api.resolve("metrics.jsonl"));
        List<EpochMetrics> byLauncher = MetricsLog.read(cli.resolve("metrics.jsonl"));
        assertEquals(2, byLauncher.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(byLauncher.get(i).trainBound(), byApi.get(i).trainBound(), 0.0, "train bound, epoch " + (i + 1));
            assertEquals(byLauncher.get(i).valBound(), byApi.get(i).valBound(), 0.0, "validation bound, epoch " + (i + 1));
        }
        assertTrue(Files.readString(cli.resolve("config.json")).contains("\"MKL_CBWR\" : \"AUTO,STRICT\""));
    }

    /**
     * The real launcher script in a copy of the tree's layout whose build is this test's classes,
     * so that it does not rebuild: ROOT/iwae, ROOT/core/src (linked), ROOT/core/target/classes
     * (linked) and classpath.txt (this JVM's classpath).
     */
    private static Cli.Outcome launcher(Path root, String... args) throws IOException, InterruptedException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path target = Files.createDirectories(root.resolve("core/target"));
        Files.copy(repo.resolve("iwae"), root.resolve("iwae"));
        Files.createSymbolicLink(root.resolve("pom.xml"), repo.resolve("pom.xml"));
        Files.createSymbolicLink(root.resolve("core/pom.xml"), repo.resolve("core/pom.xml"));
        Files.createSymbolicLink(root.resolve("core/src"), repo.resolve("core/src"));
        Files.createSymbolicLink(target.resolve("classes"), repo.resolve("core/target/classes"));
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("iwae").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Cli.Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
