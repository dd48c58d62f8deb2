package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Class 5 of issue 12: config.json is checked field by field on every read, with the same checks
 * as the options; a damaged or edited file is one line naming the field, for every command.
 */
class DamagedRecordTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "train --resume | whole file null              | not a valid run configuration (expected a JSON object",
        "eval           | whole file null              | not a valid run configuration (expected a JSON object",
        "export         | whole file null              | not a valid run configuration (expected a JSON object",
        "plot samples   | whole file null              | not a valid run configuration (expected a JSON object",
        "train --resume | remove config.dataset        | field config.dataset is missing",
        "eval           | remove config.dataset        | field config.dataset is missing",
        "export         | remove config.k              | field config.k is missing",
        "train --resume | remove architecture          | field architecture is missing",
        "train --resume | set config.k 0               | config.k must be at least 1, got 0",
        "eval           | set config.k 0               | config.k must be at least 1, got 0",
        "export         | set config.batch_size -5     | config.batchSize must be at least 1, got -5",
        "train --resume | set config.learning_rate -1  | config.learningRate must be positive",
        "train --resume | set config.layers 0          | config.layers must be at least 1",
        "eval           | set config.keep_checkpoints 0 | config.keepCheckpoints must be at least 1",
        "train --resume | set config.model wake-sleep  | unknown model 'wake-sleep'",
        "train --resume | merge config {`model`:`miwae`,`m`:0} | config.m must be at least 1, got 0",
        "eval           | merge config {`model`:`ciwae`,`beta`:7} | config.beta must be in [0, 1], got 7.0",
        "train --resume | set config.epochs 0          | config.epochs must be at least 1",
        "eval           | set architecture.latent [5]  | architecture 16-8-8-5 does not match config",
        "eval           | set config []                | field config must be a JSON object",
        "eval           | set data_files 7             | field data_files must be an object",
        "export         | set architecture.input_dim 0 | not a valid RunRecord file",
    })
    void aDamagedRecordIsOneLineNamingTheField(String command, String edit, String expected) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path config = run.resolve("config.json");
        if (edit.startsWith("whole file")) {
            Files.writeString(config, "null");
        } else {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(config));
            String[] words = edit.split(" ", 3);
            String[] path = words[1].split("\\.");
            ObjectNode parent = path.length == 1 ? root : (ObjectNode) root.get(path[0]);
            String field = path[path.length - 1];
            if (words[0].equals("merge")) {
                JsonNode fields = Json.MAPPER.readTree(words[2].replace('`', '"'));
                fields.fields().forEachRemaining(e -> ((ObjectNode) root.get(words[1])).set(e.getKey(), e.getValue()));
            } else if (words[0].equals("remove")) {
                parent.remove(field);
            } else {
                JsonNode value;
                try {
                    value = Json.MAPPER.readTree(words[2]);
                } catch (Exception e) {
                    value = Json.MAPPER.getNodeFactory().textNode(words[2]);
                }
                parent.set(field, value);
            }
            Files.writeString(config, Json.pretty(root));
        }
        byte[] before = Files.readAllBytes(config);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        if (args.get(0).equals("train")) {
            args.addAll(List.of("--out", run.toString(), "--quiet"));
        } else {
            args.add(args.get(0).equals("plot") ? 2 : 1, run.toString());
        }
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        String line = o.firstErr();
        assertTrue(line.startsWith("iwae: error: " + config + ": "), line);
        assertTrue(line.contains(expected), "expected '" + expected + "' in: " + line);
        assertFalse(o.err().contains("\tat "), o.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(config)), "config.json untouched");
    }

    @ParameterizedTest(name = "a file of an older version without config.{0} is still read")
    @CsvSource({"m", "beta", "alpha", "schedule", "estimator", "optimizer"})
    void fieldsOlderVersionsLackedTakeTheirDefaults(String field) throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 1);
        Path config = run.resolve("config.json");
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(config));
        ((ObjectNode) root.get("config")).remove(field);
        Files.writeString(config, Json.pretty(root));
        Cli.Outcome o = Cli.run("eval", run.toString(), "--k", "2", "--quiet");
        assertEquals(0, o.code(), o.err());
    }
}
