package org.iwae4j.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small C library of ours, compiled from its source (a class-path resource) with the machine's gcc
 * at first use into a per-user cache ({@code iwae.native.dir}, default {@code ~/.cache/iwae4j/native}),
 * once per source and build key, and installed atomically so that concurrent processes never load a
 * half-written file. Callers fall back to the engine's path where this gives null.
 */
public final class CompiledLibrary {
    private CompiledLibrary() {}

    /**
     * @param owner the class next to whose package the source lies
     * @param resource the C source's resource name
     * @param name the library's base name ({@code libNAME-KEY.so})
     * @param buildKey what else the compiled code depends on (e.g. the CPU for -march=native), or ""
     * @param seconds how long gcc may take
     * @param gccArguments gcc's flags and libraries; source and output are added
     * @return the compiled library, or null where the source is missing, gcc is missing or fails, or
     *     the cache is not writable
     */
    public static Path compiled(Class<?> owner, String resource, String name, String buildKey, int seconds,
            List<String> gccArguments) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] source = in.readAllBytes();
            String key = Sha256.of((new String(source, StandardCharsets.UTF_8) + "\n" + buildKey)
                    .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
            Path dir = Files.createDirectories(cacheDirectory());
            Path library = dir.resolve("lib" + name + "-" + key + ".so");
            if (Files.isRegularFile(library)) {
                return library;
            }
            Path src = Files.createTempFile(dir, name + "-", ".c");
            Path tmp = Files.createTempFile(dir, "lib" + name + "-", ".so.tmp");
            try {
                Files.write(src, source);
                List<String> command = new ArrayList<>(List.of("gcc"));
                command.addAll(gccArguments);
                command.addAll(List.of("-shared", "-fPIC", "-o", tmp.toString(), src.toString()));
                Process gcc = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!gcc.waitFor(seconds, TimeUnit.SECONDS)) {
                    gcc.destroyForcibly();
                    return null;
                }
                if (gcc.exitValue() != 0) {
                    return null;
                }
                Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return library;
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            return null; // gcc missing or the cache not writable
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path cacheDirectory() {
        String configured = System.getProperty("iwae.native.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("iwae4j").resolve("native");
    }
}
