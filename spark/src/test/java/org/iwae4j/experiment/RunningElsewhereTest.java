package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class 7 of issue 17: a configuration whose task lock another live command holds (here: this
 * JVM) for more than a minute is waited for, shown as running, and never marked failed.
 */
class RunningElsewhereTest {
    @TempDir
    Path tmp;

    @Test
    void aConfigurationAnotherCommandTrainsIsWaitedForAndNeverMarkedFailed() throws Exception {
        String data = TinyExperiments.dataset(tmp, 40);
        Configuration c = TinyExperiments.config(data, "vae", 1, 1);
        Path out = tmp.resolve("out");
        Path dir = Files.createDirectories(out.resolve(c.id()));
        TaskSpec spec = SparkExperiment.specs(TinyExperiments.chains(c), out, tmp, 5, 0, 1, 1,
                TinyExperiments.local(1)).get(0);
        try (FileChannel channel = FileChannel.open(dir.resolve(ConfigurationTask.TASK_LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            CompletableFuture<List<TaskRunner.Result>> result = CompletableFuture.supplyAsync(() -> TaskRunner.run(spec));
            // past the minute after which the task used to give up and write failure.json
            for (int second = 0; second < 70; second++) {
                Thread.sleep(1000);
                assertFalse(Files.exists(dir.resolve(ConfigurationTask.FAILURE)), "marked failed after " + second + " s");
                assertFalse(result.isDone(), "gave up after " + second + " s");
            }
            assertEquals("running", Status.of(out, c).state());
            held.release();
            assertEquals(List.of(new TaskRunner.Result(c.id(), "done", null)), result.get(5, TimeUnit.MINUTES));
        }
        assertFalse(Files.exists(dir.resolve(ConfigurationTask.FAILURE)));
        assertEquals("done", Status.of(out, c).state());
        assertTrue(Files.readString(TaskRunner.logFile(out, c.id())).contains("holds its task.lock"));
    }
}
