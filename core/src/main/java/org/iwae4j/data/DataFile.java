package org.iwae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Sha256;
import org.iwae4j.common.UserError;

/** One file of a dataset, identified by its name, SHA-256 and size in bytes. */
public record DataFile(String fileName, String sha256, long size) implements PinnedFile {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public DataFile {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("not a plain file name: '" + fileName + "'");
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    public Path in(Path dir) {
        return dir.resolve(fileName);
    }

    /** Present with the right size; cheap, no hashing. */
    public boolean isPresentIn(Path dir) {
        Path path = in(dir);
        try {
            return Files.isRegularFile(path) && Files.size(path) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Present with the right size and SHA-256. */
    public boolean isValidIn(Path dir) {
        return isPresentIn(dir) && sha256Of(in(dir)).equals(sha256);
    }

    private static String sha256Of(Path path) {
        try {
            return Sha256.of(path);
        } catch (UncheckedIOException e) {
            throw new UserError(path + ": cannot read: " + Errors.describe(e.getCause()));
        }
    }

    /**
     * Checks the file before use, so that a damaged download is never trained on.
     *
     * @throws UserError when it is missing or its SHA-256 is wrong
     */
    public void verifyIn(Path dir, String dataset) {
        Path path = in(dir);
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": missing; run ./iwae fetch " + dataset);
        }
        String actual = sha256Of(path);
        if (!actual.equals(sha256)) {
            throw new UserError(path + ": SHA-256 mismatch (expected " + sha256 + ", got " + actual
                    + "); delete it and run ./iwae fetch " + dataset);
        }
    }

    /**
     * Copies {@code content} into {@code dir} under this file's name, but only once its size and
     * SHA-256 are right: it is written to a temporary sibling and renamed into place afterwards, so a
     * partial or wrong download never looks present.
     *
     * @throws IOException when reading fails or the content is not this file
     */
    @Override
    public void install(InputStream content, Path dir) throws IOException {
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the data file.
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path tmp = dir.resolve("." + fileName + "." + random + ".tmp");
        OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            MessageDigest digest = Sha256.newDigest();
            long written = 0;
            try (out) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = content.read(buffer)) != -1; ) {
                    written += n;
                    // Stop early rather than fill the disk from a misbehaving source.
                    if (written > size) {
                        throw new IOException(fileName + ": more than the expected " + size + " bytes");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (written != size) {
                throw new IOException(fileName + ": got " + written + " bytes, expected " + size);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IOException(
                        fileName + ": SHA-256 mismatch (expected " + sha256 + ", got " + actual + ")");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, in(dir));
            tmp = null;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
