package org.iwae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.UserError;

/**
 * A file pinned by its git blob id (SHA-1 of {@code "blob <size>\0"} and the content), for files
 * whose only published digest is the id in the git repository that hosts them.
 */
public record GitBlobFile(String fileName, String blobId) implements PinnedFile {
    public GitBlobFile {
        if (!blobId.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("not a git blob id: " + blobId);
        }
    }

    public Path in(Path dir) {
        return dir.resolve(fileName);
    }

    /** The git blob id of a file. */
    static String idOf(Path file) throws IOException {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-1", e);
        }
        sha1.update(("blob " + Files.size(file) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha1.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** @throws UserError when the file is missing or not the pinned one */
    public void verifyIn(Path dir, String dataset) {
        Path path = in(dir);
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": missing; run ./iwae fetch " + dataset);
        }
        String actual;
        try {
            actual = idOf(path);
        } catch (IOException e) {
            throw new UserError(path + ": cannot read: " + Errors.describe(e));
        }
        if (!actual.equals(blobId)) {
            throw new UserError(path + ": git blob id mismatch (expected " + blobId + ", got " + actual
                    + "); delete it and run ./iwae fetch " + dataset);
        }
    }

    @Override
    public void install(InputStream content, Path dir) throws IOException {
        // The id hashes the size first, so the content is written out before it can be checked.
        Path tmp = Files.createTempFile(Files.createDirectories(dir), "." + fileName, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.transferTo(out);
            }
            String actual = idOf(tmp);
            if (!actual.equals(blobId)) {
                throw new IOException(fileName + ": git blob id mismatch (expected " + blobId + ", got " + actual + ")");
            }
            AtomicFiles.moveIntoPlace(tmp, in(dir));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
