package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** eval --method ais, bdmc and gaps from the command line: results in files, seeded, bad input refused. */
class AisCommandsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        run = Cli.trainedNpzRun(tmp, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "eval RUN --method ais --chains 0                 | --chains must be at least 1",
        "eval RUN --method ais --chains -3                | --chains must be at least 1",
        "eval RUN --method ais --leapfrog 0               | --leapfrog must be at least 1",
        "eval RUN --method ais --ais-steps 0              | --ais-steps must be at least 1",
        "eval RUN --method ais --ais-schedule 0.5,0.2,1   | --ais-schedule must increase strictly",
        "eval RUN --method ais --ais-schedule 0.2,0.5     | --ais-schedule must end at 1",
        "eval RUN --method ais --ais-schedule cosine      | --ais-schedule must be linear, sigmoid",
        "eval RUN --method ais --ais-init middle          | unknown AIS start 'middle'",
        "eval RUN --method mcmc                           | --method must be is or ais",
        "eval RUN --method ais --without-inactive         | --without-inactive applies to --method is only",
        "bdmc RUN --n 0                                   | --n must be at least 1",
        "bdmc RUN --ais-steps 100,0                       | --ais-steps must be at least 1",
        "bdmc RUN --leapfrog -1                           | --leapfrog must be at least 1",
        "gaps RUN --chains 0                              | --chains must be at least 1",
        "gaps RUN --max-iterations -1                     | --max-iterations must be non-negative",
        "gaps RUNS/nocheckpoint                           | has no intact checkpoint yet",
    })
    void badInputIsOneLineAndExitCodeTwo(String command, String expected) throws Exception {
        Path bare = tmp.resolve("nocheckpoint");
        if (!Files.exists(bare)) {
            Files.createDirectories(bare);
            Files.copy(run.resolve("config.json"), bare.resolve("config.json"));
        }
        String[] args = command.replace("RUNS", tmp.toString()).replace("RUN", run.toString()).trim().split("\\s+");
        Cli.Outcome o = Cli.run(args);
        assertEquals(2, o.code(), o.err());
        assertTrue(o.firstErr().startsWith("iwae: error: "), o.err());
        assertTrue(o.firstErr().contains(expected), "expected '" + expected + "' in: " + o.firstErr());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void evalAisWritesItsResultAndTheSameSeedGivesTheSameNumbers() throws Exception {
        String[] args = {"eval", run.toString(), "--method", "ais", "--ais-steps", "20", "--chains", "4",
            "--leapfrog", "3", "--limit", "8", "--quiet"};
        Cli.Outcome first = Cli.run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("AIS NLL"), first.out());
        byte[] npy = Files.readAllBytes(run.resolve("eval-test-ais-logpx.npy"));
        JsonNode json = new ObjectMapper().readTree(run.resolve("eval-test-ais.json").toFile());
        assertEquals("ais", json.get("method").asText());
        assertEquals(8, json.get("n").asInt());
        assertEquals(20, json.get("steps").asInt());
        assertTrue(json.get("acceptance").asDouble() > 0.2, json.toString());
        assertTrue(json.get("nll").asDouble() > 0, json.toString());
        Cli.Outcome again = Cli.run(args);
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(npy, Files.readAllBytes(run.resolve("eval-test-ais-logpx.npy")), "same seed, same numbers");
    }

    @Test
    void bdmcAndGapsWriteTheirResults() throws Exception {
        Cli.Outcome bdmc = Cli.run("bdmc", run.toString(), "--n", "4", "--ais-steps", "5,20", "--chains", "2",
                "--leapfrog", "2", "--quiet");
        assertEquals(0, bdmc.code(), bdmc.err());
        JsonNode bounds = new ObjectMapper().readTree(run.resolve("bdmc.json").toFile()).get("bounds");
        assertEquals(2, bounds.size());
        assertEquals(20, bounds.get(1).get("steps").asInt());
        assertTrue(Files.size(run.resolve("bdmc.png")) > 1000);
        Cli.Outcome gaps = Cli.run("gaps", run.toString(), "--limit", "4", "--ais-steps", "20", "--chains", "4",
                "--leapfrog", "3", "--max-iterations", "100", "--quiet");
        assertEquals(0, gaps.code(), gaps.err());
        assertTrue(gaps.out().contains("amortization"), gaps.out());
        JsonNode g = new ObjectMapper().readTree(run.resolve("gaps-test.json").toFile());
        assertEquals(4, g.get("n").asInt());
        assertTrue(g.get("amortization_gap_elbo").asDouble() >= 0, g.toString());
        assertTrue(g.get("amortization_gap_iwae").asDouble() >= 0, g.toString());
        try (Stream<Path> files = Files.list(run)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporaries left");
        }
    }
}
