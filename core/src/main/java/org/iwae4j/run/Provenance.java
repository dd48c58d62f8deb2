package org.iwae4j.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.iwae4j.common.ProcessEnvironment;
import org.iwae4j.common.Torch;

/**
 * Where a result came from, stamped on every file we write: software versions, the source
 * revision, the machine (CPU model, cores), the engine's math library settings and the command.
 *
 * @param iwae4jVersion the build's version (from build.properties, which Maven fills)
 * @param sourceRevision the git commit of the checkout the classes were built in, with
 *     {@code -dirty} when it had uncommitted changes; null when run from a jar or without git
 * @param djlVersion DJL's version
 * @param pytorchVersion libtorch's version
 * @param javaVersion the JVM's version
 * @param os the operating system and architecture
 * @param cpu the CPU model (Linux /proc/cpuinfo), or null where unknown
 * @param cores the cores the JVM sees
 * @param threads the intra-op threads used
 * @param device where tensors lived
 * @param mathLibrary the process set-up in effect (MKL_CBWR, malloc, OpenMP, the AMD MKL fix)
 * @param created when
 * @param command the command line or API call
 */
public record Provenance(
        String iwae4jVersion,
        String sourceRevision,
        String djlVersion,
        String pytorchVersion,
        String javaVersion,
        String os,
        String cpu,
        int cores,
        int threads,
        String device,
        Map<String, String> mathLibrary,
        String created,
        List<String> command) {

    private static final Properties BUILD = build();
    private static final String REVISION = revision();
    private static final String CPU = cpuModel();

    /** @return iwae4j's version, as Maven wrote it into build.properties */
    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    /** @return the git revision of the checkout the classes were built in, or null */
    public static String currentRevision() {
        return REVISION;
    }

    /** @return this machine's CPU model, or null */
    public static String cpuModelHere() {
        return CPU;
    }

    /**
     * @param threads the intra-op threads used
     * @param device where tensors lived
     * @param command the command line or API call
     * @return the provenance of a result made now, in this process
     */
    public static Provenance now(int threads, String device, List<String> command) {
        return new Provenance(
                version(),
                REVISION,
                Torch.djlVersion(),
                Torch.engineVersion(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                CPU,
                Runtime.getRuntime().availableProcessors(),
                threads,
                device,
                ProcessEnvironment.inEffect(Torch.appliedEnvironment()),
                Instant.now().toString(),
                command == null ? List.of() : List.copyOf(command));
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version is then "unknown"
        }
        return p;
    }

    /** The classes' checkout: target/classes of a module, two levels below the repository's root. */
    private static String revision() {
        try {
            Path classes = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(classes) || classes.getParent() == null || classes.getParent().getParent() == null) {
                return null; // a jar: its build's checkout is unknown here
            }
            Path module = classes.getParent().getParent();
            String head = git(module, "rev-parse", "HEAD");
            if (head == null || !head.matches("[0-9a-f]{40}")) {
                return null;
            }
            String status = git(module, "status", "--porcelain", "--untracked-files=no");
            return status == null || status.isEmpty() ? head : head + "-dirty";
        } catch (Exception e) {
            return null;
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }
}
