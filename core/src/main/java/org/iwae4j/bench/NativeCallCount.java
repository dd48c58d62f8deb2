package org.iwae4j.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.config.TrainingPath;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.iwae4j.common.Torch;

/**
 * Native (JNI) calls per training step, counted exactly: a child JVM runs the case with a Java
 * agent that increments a counter at every call site of DJL's native methods (the class
 * {@code ai.djl.pytorch.jni.PyTorchLibrary}), including reads, handle deletions and the optimizer.
 * The agent uses the JDK's internal copy of ASM, so it is compiled here at run time with the JDK's
 * compiler (a JDK is needed to build iwae4j anyway); without one the count is reported as unknown.
 */
public final class NativeCallCount {
    private static final String MARKER = "NATIVE_CALLS_PER_STEP ";
    private static final String PEAK_MARKER = "GEMM_PEAK ";
    private static final String EXPORT = "--add-exports=java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED";
    private static Path agentJar;

    private NativeCallCount() {}

    /** This JVM's java, its -D and -Xm options and class path, then {@code args}; with the counting agent if asked. */
    static String runChild(List<String> args, boolean withAgent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add(EXPORT);
            command.add("-javaagent:" + agent());
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("-Xm")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeCallCount.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("child process failed: " + output.strip());
        }
        return output;
    }

    /**
     * The GEMM peak measured in a child process: its 16 MB matrices would otherwise stay in this
     * process's heap (malloc never trims here, by design) and inflate the resident memory reported.
     */
    public static Benchmark.Peak peak(int threads, double seconds, int repeats, int size, Consumer<String> log) {
        try {
            String output = runChild(List.of("peak", "" + threads, "" + seconds, "" + repeats, "" + size), false);
            List<Benchmark.Gemm> gemms = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("GEMM ")) {
                    log.accept(line.substring(5));
                } else if (line.startsWith(PEAK_MARKER)) {
                    String[] f = line.substring(PEAK_MARKER.length()).strip().split(" ");
                    gemms.add(new Benchmark.Gemm(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                }
            }
            if (!gemms.isEmpty()) {
                return new Benchmark.Peak(gemms);
            }
            log.accept("GEMM peak: no result from the child process, measuring here");
        } catch (IOException e) {
            log.accept("GEMM peak in a child process failed (" + e.getMessage() + "), measuring here");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Benchmark(threads, seconds, repeats, log).peak(size);
    }

    /** Calls per step of {@code c} at {@code threads} threads, or -1 (the reason goes to {@code log}). */
    public static double perStep(Benchmark.Case c, int threads, TrainingPath path, Consumer<String> log) {
        try {
            String output = runChild(List.of(c.model(), "" + c.k(), "" + c.layers(), "" + c.batch(), "" + threads,
                    path.id()), true);
            for (String line : output.split("\n")) {
                if (line.startsWith(MARKER)) {
                    return Double.parseDouble(line.substring(MARKER.length()).strip());
                }
            }
            log.accept("native call count: no result for " + c.label() + ": " + output.strip());
            return -1;
        } catch (IOException | RuntimeException e) {
            log.accept("native call count unavailable: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Compiles the agent from its source (a resource) into a jar in a temporary folder, once per process. */
    private static synchronized Path agent() throws IOException {
        if (agentJar != null) {
            return agentJar;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IOException("no Java compiler in this runtime (a JDK is needed to count native calls)");
        }
        Path dir = Files.createTempDirectory("iwae4j-agent");
        Path source = dir.resolve("src/iwae4jagent/NativeCallAgent.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = NativeCallCount.class.getResourceAsStream("NativeCallAgent.java.txt")) {
            if (in == null) {
                throw new IOException("agent source missing from the classpath");
            }
            Files.write(source, in.readAllBytes());
        }
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        OutputStream sink = OutputStream.nullOutputStream();
        int rc = compiler.run(null, sink, System.err, EXPORT, "-nowarn", "-d", classes.toString(), source.toString());
        if (rc != 0) {
            throw new IOException("compiling the counting agent failed");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), "iwae4jagent.NativeCallAgent");
        Path jar = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        dir.toFile().deleteOnExit();
        agentJar = jar;
        return jar;
    }

    /** The child process: "peak threads seconds repeats size", or (with the agent) "model k layers batch threads path [detail]". */
    public static void main(String[] args) throws ReflectiveOperationException {
        if (args[0].equals("peak")) {
            Benchmark.Peak peak = new Benchmark(Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                    Integer.parseInt(args[3]), line -> System.out.println("GEMM " + line)).peak(Integer.parseInt(args[4]));
            for (Benchmark.Gemm g : peak.gemms()) {
                System.out.println(PEAK_MARKER + g.threads() + " " + g.size() + " " + g.gflops() + " " + g.min() + " " + g.max());
            }
            return;
        }
        Benchmark.Case c = new Benchmark.Case(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        Torch.setThreads(Integer.parseInt(args[4]));
        Class<?> agent = Class.forName("iwae4jagent.NativeCallAgent");
        java.util.concurrent.atomic.AtomicLong calls = (java.util.concurrent.atomic.AtomicLong)
                agent.getField("CALLS").get(null);
        @SuppressWarnings("unchecked")
        java.util.Map<String, java.util.concurrent.atomic.AtomicLong> byMethod =
                (java.util.Map<String, java.util.concurrent.atomic.AtomicLong>) agent.getField("BY_METHOD").get(null);
        int steps = 50;
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Benchmark.Steps training = new Benchmark.Steps(c, manager, TrainingPath.of(args[5]));
            for (int i = 0; i < 10; i++) {
                training.next();
            }
            long before = calls.get();
            byMethod.clear();
            for (int i = 0; i < steps; i++) {
                training.next();
            }
            System.out.println(MARKER + (double) (calls.get() - before) / steps);
            if (args.length > 6 && args[6].equals("detail")) {
                byMethod.entrySet().stream()
                        .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                        .forEach(e -> System.out.printf("  %-28s %6.1f per step%n", e.getKey(),
                                (double) e.getValue().get() / steps));
            }
        }
    }
}
