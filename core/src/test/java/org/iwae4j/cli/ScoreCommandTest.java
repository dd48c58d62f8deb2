package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iwae4j.common.Json;
import org.iwae4j.data.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./iwae score: per-example log p(x) that agrees with eval, and the AUROC of two inputs. */
class ScoreCommandTest {
    @TempDir
    Path tmp;

    /** n binary images of 16 pixels; {@code flip} inverts the pattern (another distribution). */
    private static byte[] images(int n, boolean flip) {
        float[] v = new float[n * 16];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 16; j++) {
                boolean on = (j < 8) == (i % 2 == 0);
                v[i * 16 + j] = on != flip && (i * 7 + j) % 11 != 0 ? 1f : 0f;
            }
        }
        return TestFiles.npy("<f4", new int[] {n, 16}, TestFiles.float32(v), false);
    }

    private Path npz(String name, boolean flip) throws Exception {
        Path file = tmp.resolve(name + ".npz");
        TestFiles.npz(file, Map.of("train", images(60, flip), "test", images(12, flip)));
        return file;
    }

    @Test
    void scoresAgreeWithEvalAndTwoInputsGiveAnAuroc() throws Exception {
        Path in = npz("in", false);
        Path out = npz("out", true);
        Path run = tmp.resolve("run");
        CliErrorsTest.Outcome train = CliErrorsTest.run("train", "--dataset", "npz:" + in, "--latent", "2", "--hidden",
                "8", "--k", "2", "--epochs", "2", "--batch-size", "10", "--threads", "1", "--out", run.toString(),
                "--quiet");
        assertEquals(0, train.code(), train.err());
        CliErrorsTest.Outcome eval = CliErrorsTest.run("eval", run.toString(), "--k", "10", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        double nll = Json.MAPPER.readTree(run.resolve("eval-test.json").toFile()).get("nll").asDouble();

        Path csv = tmp.resolve("scores.csv");
        CliErrorsTest.Outcome score = CliErrorsTest.run("score", run.toString(), "--input", "npz:" + in, "--input",
                "npz:" + out, "--k", "10", "--out", csv.toString(), "--quiet");
        assertEquals(0, score.code(), score.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("input,index,label,log_px", lines.get(0));
        assertEquals(1 + 12 + 12, lines.size());
        double mean = lines.subList(1, 13).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[3])).average()
                .orElseThrow();
        assertEquals(nll, -mean, 1e-9, "score and eval draw the same samples with the same seed");
        assertTrue(score.out().contains("AUROC of log p(x), npz:" + in + " (in-distribution) against npz:" + out),
                score.out());
    }

    @Test
    void anInputOfAnotherSizeIsRefusedInOneLine() throws Exception {
        Path in = npz("in", false);
        Path run = tmp.resolve("run");
        assertEquals(0, CliErrorsTest.run("train", "--dataset", "npz:" + in, "--latent", "2", "--hidden", "8", "--k",
                "1", "--epochs", "1", "--batch-size", "10", "--threads", "1", "--out", run.toString(), "--quiet").code());
        Path other = tmp.resolve("other.npz");
        float[] v = new float[5 * 9];
        TestFiles.npz(other, Map.of("train", TestFiles.npy("<f4", new int[] {5, 9}, TestFiles.float32(v), false),
                "test", TestFiles.npy("<f4", new int[] {5, 9}, TestFiles.float32(v), false)));
        CliErrorsTest.Outcome score = CliErrorsTest.run("score", run.toString(), "--input", "npz:" + other, "--k", "5");
        assertEquals(2, score.code());
        assertEquals("iwae: error: --input npz:" + other + ": its images have 9 pixels (3x3), the model of " + run
                + " takes 16", score.err().strip());
    }
}
