package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Spark commands' help is in whole sentences; Spark's own settings follow Spark's conventions
 * (--conf KEY=VALUE over spark-defaults.conf over iwae4j's defaults, the UI on request) instead of
 * being fixed in code; status prints through the command's writer.
 */
class SparkHelpAndConfTest {
    @TempDir
    Path tmp;

    @Test
    void everyDescriptionLineEndsASentence() {
        String help = new CommandLine(new ExperimentMain()).getSubcommands().values().stream()
                .flatMap(c -> java.util.stream.Stream.concat(c.getSubcommands().values().stream(), java.util.stream.Stream.of(c)))
                .map(c -> c.getUsageMessage()).reduce("", String::concat);
        for (String cut : List.of("(Without --master or --shards the\n", "with and\n", "k = 5 and 50\n")) {
            assertTrue(!help.contains(cut), "a line cut at the source's line break: " + cut);
        }
    }

    @Test
    void sparkSettingsComeFromConfThenSparkDefaultsThenIwae4jsDefaults() throws Exception {
        Path defaults = Files.writeString(tmp.resolve("spark-defaults.conf"),
                "# a comment\nspark.executor.memory   4g\nspark.eventLog.enabled=true\nspark.ui.enabled false\n");
        SparkExperiment.Settings none = TinyExperiments.local(2);
        SparkConf plain = SparkExperiment.conf(none, "t", 1, Optional.empty());
        assertEquals("1g", plain.get("spark.executor.memory"));
        assertEquals("false", plain.get("spark.ui.enabled"));
        SparkConf fromFile = SparkExperiment.conf(none, "t", 1, Optional.of(defaults));
        assertEquals("4g", fromFile.get("spark.executor.memory"));
        assertEquals("true", fromFile.get("spark.eventLog.enabled"));
        SparkExperiment.Settings given = new SparkExperiment.Settings(null, 2, 2, "", null, "", 3600,
                Map.of("spark.executor.memory", "2g", "spark.ui.enabled", "true"));
        SparkConf both = SparkExperiment.conf(given, "t", 1, Optional.of(defaults));
        assertEquals("2g", both.get("spark.executor.memory"));
        assertEquals("true", both.get("spark.ui.enabled"));
        assertTrue(both.get("spark.master").startsWith("local["));
    }

    @Test
    void confAndUiOptionsReachTheSettings() {
        ExperimentMain.SparkOptions options = new ExperimentMain.SparkOptions();
        new CommandLine(options).parseArgs("--conf", "spark.executor.memory=3g", "--conf", "spark.local.dir=/tmp/x",
                "--ui");
        Map<String, String> conf = options.settings().sparkConf();
        assertEquals("3g", conf.get("spark.executor.memory"));
        assertEquals("/tmp/x", conf.get("spark.local.dir"));
        assertEquals("true", conf.get("spark.ui.enabled"));
    }

    @Test
    void statusPrintsThroughTheCommandsWriter() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ExperimentMain.execute(new String[] {"experiment", "status", tmp.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("holds no experiment"), err.toString());
    }
}
