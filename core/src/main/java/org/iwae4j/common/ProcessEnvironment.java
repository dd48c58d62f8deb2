package org.iwae4j.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process set-up that makes iwae4j fast and reproducible (malloc thresholds, MKL's
 * conditional numerical reproducibility, the OpenMP wait policy, DJL's tracking opt-out, the JVM
 * options), defined once in {@code process.env} beside this class. The launcher exports it, the
 * Spark task runner and the tests give it to the JVMs they start ({@link #addTo}, {@link
 * #jvmOptions}), and the library applies it to its own process when the engine loads ({@link
 * #applyToThisProcess}), so that a program using the artifact gets the CLI's numbers and speed.
 *
 * <p>What a running process cannot take is documented in the README (Using the library): the JVM
 * options; the malloc settings apply to allocations after the engine loads only.
 */
public final class ProcessEnvironment {
    /** The definition, on the classpath and, for the launcher, in the source tree. */
    public static final String RESOURCE = "process.env";

    private static final List<String> LINES = read();

    /** Held for the life of the process: JNA closes a library whose handle is collected. */
    private static com.sun.jna.NativeLibrary mklFix;

    private ProcessEnvironment() {}

    /**
     * An environment variable of the set-up.
     *
     * @param name its name
     * @param value its value
     * @param unless a variable that, when set, means the user chose otherwise; null if none
     */
    public record Variable(String name, String value, String unless) {
        /**
         * @param environment a process's environment
         * @return whether the variable should be added to it: neither it nor {@code unless} is set
         */
        public boolean missingFrom(Map<String, String> environment) {
            return !environment.containsKey(name) && (unless == null || !environment.containsKey(unless));
        }
    }

    /** @return the environment variables, in the file's order */
    public static List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        for (String line : LINES) {
            if (line.startsWith("-")) {
                continue;
            }
            int eq = line.indexOf('=');
            String rest = line.substring(eq + 1);
            int unless = rest.indexOf(" unless ");
            variables.add(new Variable(line.substring(0, eq), unless < 0 ? rest : rest.substring(0, unless),
                    unless < 0 ? null : rest.substring(unless + " unless ".length()).trim()));
        }
        return List.copyOf(variables);
    }

    /** @return the JVM options a process running iwae4j starts with */
    public static List<String> jvmOptions() {
        return LINES.stream().filter(l -> l.startsWith("-")).toList();
    }

    /**
     * Adds the set-up to a child process's environment where the environment does not choose
     * otherwise.
     *
     * @param environment the environment of a process about to start, e.g. a ProcessBuilder's
     */
    public static void addTo(Map<String, String> environment) {
        for (Variable v : variables()) {
            if (v.missingFrom(environment)) {
                environment.put(v.name(), v.value());
            }
        }
    }

    /**
     * @return the variables this process's environment lacks, with their values
     */
    public static Map<String, String> missingHere() {
        Map<String, String> missing = new LinkedHashMap<>();
        for (Variable v : variables()) {
            if (v.missingFrom(System.getenv())) {
                missing.put(v.name(), v.value());
            }
        }
        return missing;
    }

    /**
     * Applies the set-up to this process where its environment does not choose otherwise, before
     * the engine's native libraries load (they read the variables when they initialize): MKL's and
     * OpenMP's variables by {@code setenv}, the malloc thresholds by {@code mallopt}, DJL's opt-out
     * as a system property. Best effort: where the C library cannot be reached, only speed or
     * bit-identity across processes suffers.
     *
     * @return the variables applied
     */
    public static Map<String, String> applyToThisProcess() {
        Map<String, String> applied = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : missingHere().entrySet()) {
            try {
                boolean done = switch (v.getKey()) {
                    case "MALLOC_MMAP_THRESHOLD_" -> mallopt(-3, v.getValue());
                    case "MALLOC_TRIM_THRESHOLD_" -> mallopt(-1, v.getValue());
                    case "MALLOC_ARENA_MAX" -> mallopt(-8, v.getValue());
                    default -> setenv(v.getKey(), v.getValue());
                };
                if (done) {
                    applied.put(v.getKey(), v.getValue());
                }
            } catch (RuntimeException | LinkageError e) {
                // best effort, as documented
            }
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        try {
            if (loadMklFix()) {
                applied.put("mkl_amd_fix", "loaded");
            }
        } catch (RuntimeException | LinkageError e) {
            // best effort: only speed (and equality with the launcher's numbers on AMD) suffers
        }
        return applied;
    }

    /** The system property naming the AMD MKL fix library; the launcher sets it for the Spark commands. */
    public static final String MKL_FIX_PROPERTY = "iwae.mkl.fix";

    /**
     * On AMD CPUs with AVX2 libtorch's MKL takes slow generic kernels, which also round differently
     * from the launcher's processes, which preload a fix (core/src/main/native/mkl_amd.c). Unless
     * that fix is preloaded or IWAE_MKL_FIX=off: the library named by {@value #MKL_FIX_PROPERTY},
     * or else the fix compiled from its source with the system's gcc into the user's cache, is
     * loaded into the global symbol scope before the engine, which then binds MKL's CPU check to it
     * as to a preloaded library (the same numbers as the launcher's, tested).
     */
    private static boolean loadMklFix() {
        String preload = System.getenv("LD_PRELOAD");
        if ("off".equals(System.getenv("IWAE_MKL_FIX")) || (preload != null && preload.contains("iwae_mkl_amd"))
                || !amdWithAvx2()) {
            return false;
        }
        String given = System.getProperty(MKL_FIX_PROPERTY, "");
        java.nio.file.Path fix = given.isEmpty() ? compiledMklFix() : java.nio.file.Path.of(given);
        if (fix == null || !java.nio.file.Files.isRegularFile(fix)) {
            return false;
        }
        int rtldNowGlobal = 0x2 | 0x100;
        mklFix = com.sun.jna.NativeLibrary.getInstance(fix.toString(),
                Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, rtldNowGlobal));
        return true;
    }

    private static boolean amdWithAvx2() {
        try {
            String cpuinfo = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
            return cpuinfo.contains("AuthenticAMD") && cpuinfo.matches("(?s).*\\bavx2\\b.*");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The fix built from its source (a resource) in the native cache, once per source; null without gcc. */
    private static java.nio.file.Path compiledMklFix() {
        return CompiledLibrary.compiled(ProcessEnvironment.class, "mkl_amd.c", "iwae_mkl_amd", "", 60, List.of("-O2"));
    }

    /**
     * The set-up in effect in this process: each variable's value from the environment it started
     * with, or as the library applied it; and whether the AMD MKL fix is preloaded or loaded.
     *
     * @param applied what {@link #applyToThisProcess} applied
     * @return variable names and values (absent: not in effect)
     */
    public static Map<String, String> inEffect(Map<String, String> applied) {
        Map<String, String> effect = new LinkedHashMap<>();
        for (Variable v : variables()) {
            String value = System.getenv(v.name()) != null ? System.getenv(v.name()) : applied.get(v.name());
            if (value != null) {
                effect.put(v.name(), value);
            }
        }
        String preload = System.getenv("LD_PRELOAD");
        effect.put("mkl_amd_fix", preload != null && preload.contains("iwae_mkl_amd") ? "preloaded"
                : applied.getOrDefault("mkl_amd_fix", "no"));
        return effect;
    }

    private static boolean setenv(String name, String value) {
        return libc().getFunction("setenv").invokeInt(new Object[] {name, value, 0}) == 0;
    }

    /** glibc's mallopt takes an int: a larger threshold is capped, which keeps its meaning (never). */
    private static boolean mallopt(int parameter, String value) {
        int v = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(value));
        return libc().getFunction("mallopt").invokeInt(new Object[] {parameter, v}) == 1;
    }

    private static com.sun.jna.NativeLibrary libc() {
        return com.sun.jna.NativeLibrary.getInstance("c");
    }

    private static List<String> read() {
        try (InputStream in = ProcessEnvironment.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(trimmed);
                }
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
