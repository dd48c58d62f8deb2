package org.iwae4j.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes files so that a crash never leaves a half-written one: write a temporary sibling, force it
 * to disk, then rename it over the target.
 *
 * <p>Temporaries are named {@code .iwae4j-NAME-RANDOM.tmp}, a name no other program uses, and are
 * locked (an OS file lock, released even by SIGKILL) while they are written. {@link
 * #removeStaleTemporaries} removes only such files that no live writer holds, so a user's own
 * {@code .*.tmp} files are never touched and a concurrent writer's never pulled away.
 */
public final class AtomicFiles {
    /** Prefix of every temporary iwae4j writes. */
    public static final String TEMP_PREFIX = ".iwae4j-";
    /** Suffix of every temporary iwae4j writes. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** Temporaries this JVM is writing (a POSIX lock cannot tell a process's own locks apart). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream; the caller closes it
         * @throws IOException if writing fails; the target is left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, creating its directory if needed.
     *
     * @param target the file to write
     * @param writer writes the whole content
     * @throws StorageError naming the target and the reason when it cannot be written; the target is
     *     left as it was
     */
    public static void write(Path target, Writer writer) {
        if (Files.isDirectory(target)) {
            throw new StorageError(target, "it is a directory");
        }
        Path tmp = null;
        try {
            tmp = createTemporary(target);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
                moveIntoPlace(tmp, target);
            }
            WRITING.remove(tmp);
            tmp = null;
        } catch (IOException e) {
            throw new StorageError(target, e);
        } finally {
            discard(tmp);
        }
    }

    /**
     * Replaces {@code target} with a string, as UTF-8.
     *
     * @param target the file to write
     * @param content the whole content
     * @throws StorageError naming the target and the reason when it cannot be written
     */
    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Checks, before a long computation, that {@code target} can be written: not a directory, its
     * directory exists or can be made, and a file can be created in it (a temporary, removed
     * again).
     *
     * @param target the file to be written later
     * @throws StorageError naming the target and the reason
     */
    public static void checkWritable(Path target) {
        if (Files.isDirectory(target)) {
            throw new StorageError(target, "it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new StorageError(target, "not a regular file");
        }
        Path tmp = null;
        try {
            tmp = createTemporary(target);
        } catch (IOException e) {
            throw new StorageError(target, e);
        } finally {
            discard(tmp);
        }
    }

    /** Removes a temporary that will not be renamed; one that cannot be removed is stale and removed later. */
    private static void discard(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the caller's outcome is the one worth reporting
        }
        WRITING.remove(tmp);
    }

    private static Path createTemporary(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", TEMP_SUFFIX);
        WRITING.add(tmp);
        makeReadable(tmp);
        return tmp;
    }

    /**
     * Whether a file is one of iwae4j's temporaries, by its name alone.
     *
     * @param fileName a file name without directory
     * @return whether the name is one iwae4j gives its temporaries
     */
    public static boolean isTemporaryName(String fileName) {
        return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
    }

    /**
     * Removes temporaries of writes that a crash interrupted: files named as iwae4j names its
     * temporaries that no live writer holds locked. Other files are never touched.
     *
     * @param dir a directory; nothing happens if it does not exist
     * @return the files removed
     */
    public static List<Path> removeStaleTemporaries(Path dir) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(f -> isTemporaryName(f.getFileName().toString()) && Files.isRegularFile(f))
                    .toList();
        } catch (IOException e) {
            return removed; // cleaning up is a courtesy; an unreadable directory fails later where it matters
        }
        for (Path f : candidates) {
            if (WRITING.contains(f.toAbsolutePath()) || WRITING.contains(f)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null) {
                    Files.deleteIfExists(f);
                    lock.release();
                    removed.add(f);
                }
            } catch (IOException e) {
                // gone already, or not ours to remove (permissions): leave it
            }
        }
        return removed;
    }

    /** Temporary files are created owner-only; results should be as readable as any other file. */
    private static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }

    /**
     * Renames {@code source} over {@code target}, atomically where the file system allows.
     *
     * @param source the finished file, on the same file system as {@code target}
     * @param target the file to replace
     * @throws IOException if the move fails
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
