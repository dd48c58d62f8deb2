package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.common.UserError;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.EvalResult;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 (moved from the reliability issue): an evaluation killed between writing
 * eval-test-logpx.npy and eval-test.json left a new per-example file beside the old result
 * (n=80 beside n=50). The result now records the SHA-256 of the .npy written with it, and the
 * reader refuses a pair that was not written together.
 */
class EvalPairTest {
    @TempDir
    Path tmp;

    private Path run;

    @BeforeEach
    void trainAndEvaluate50() throws Exception {
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 400, 4, 1); // 100 test images
        run = tmp.resolve("run");
        Cli.Outcome trained = Cli.run(Cli.tinyTrain(npz, run, 1).toArray(String[]::new));
        assertEquals(0, trained.code(), trained.err());
        eval(50);
    }

    private void eval(int limit) {
        Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--limit", String.valueOf(limit), "--quiet");
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void aCompletePairReadsAsWritten() {
        EvalFiles.Evaluated pair = EvalFiles.read(run, "test", false);
        assertEquals(50, pair.result().n());
        assertEquals(50, pair.logPx().length);
        assertNotNull(pair.result().logPxSha256());
        double mean = -java.util.Arrays.stream(pair.logPx()).average().orElseThrow();
        assertEquals(pair.result().nll(), mean, 1e-9);
    }

    @Test
    void aKillAfterTheNpyLeavesAPairTheReaderRefuses() throws Exception {
        Path result = EvalFiles.result(run, "test", false);
        Path saved = Files.copy(result, tmp.resolve("eval-test-50.json"));
        eval(80);
        // the state a kill between the two writes leaves: the new .npy (n=80), the old result (n=50)
        Files.copy(saved, result, StandardCopyOption.REPLACE_EXISTING);
        UserError e = assertThrows(UserError.class, () -> EvalFiles.read(run, "test", false));
        assertTrue(e.getMessage().startsWith("eval-test-logpx.npy (80 values) does not belong to eval-test.json (n=50)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("run it again"), e.getMessage());
        eval(80); // running it again repairs the pair
        assertEquals(80, EvalFiles.read(run, "test", false).logPx().length);
    }

    @Test
    void theSameSizeFromAnotherEvaluationIsRefusedToo() throws Exception {
        Path result = EvalFiles.result(run, "test", false);
        Path saved = Files.copy(result, tmp.resolve("eval-test-seed1.json"));
        Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--limit", "50", "--seed", "9", "--quiet");
        assertEquals(0, o.code(), o.err());
        Files.copy(saved, result, StandardCopyOption.REPLACE_EXISTING);
        assertThrows(UserError.class, () -> EvalFiles.read(run, "test", false));
    }

    @Test
    void aPairOfAnEarlierVersionIsCheckedByItsSize() throws Exception {
        Path result = EvalFiles.result(run, "test", false);
        EvalResult written = Json.read(result, EvalResult.class);
        Json.write(result, written.withLogPxSha256(null)); // as versions before the digest wrote it
        assertArrayEquals(EvalFiles.readNpy(EvalFiles.logPx(run, "test", false)),
                EvalFiles.read(run, "test", false).logPx());
        EvalFiles.writeNpy(EvalFiles.logPx(run, "test", false), new double[80]);
        assertThrows(UserError.class, () -> EvalFiles.read(run, "test", false));
        assertEquals(List.of(), written.acceptedDataChanges());
    }
}
