package org.iwae4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.iwae4j.data.Mnist;
import org.iwae4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example (examples/quickstart) compiles against the library and runs on MNIST. */
class QuickStartExampleTest {
    private static final Path SOURCE = Path.of("..", "examples", "quickstart", "src", "main", "java", "example",
            "QuickStart.java");

    @TempDir
    Path tmp;

    @Test
    void exampleCompilesAndRuns() throws Exception {
        Path dataDir = Path.of(System.getProperty("iwae.data.dir", "data")).toAbsolutePath();
        assumeTrue(new Mnist().isPresent(dataDir), "MNIST not fetched into " + dataDir);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                SOURCE.toString());
        assertEquals(0, rc, "the example compiles against the library");

        Path out = tmp.resolve("run");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("example.QuickStart").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {dataDir.toString(), out.toString(), "1", "1", "20"});
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1: train bound"), text);
        assertTrue(text.contains("64 samples of 784 pixels; 10 codes of 50 units; 10 reconstructions"), text);
        assertTrue(text.contains("loaded " + out + ": epoch 1, iwae k=1"), text);
        RunDirectory run = RunDirectory.open(out);
        assertEquals(1, run.checkpoints().size());
        assertEquals("mnist", run.readRecord().config().dataset(), "a named dataset stays named, so the CLI can evaluate the run");
        assertEquals(4, run.readRecord().dataFiles().size(), "the digests of the four MNIST files are recorded");
    }
}
