package org.iwae4j.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file could not be written or read because of the user's environment (no space, a read-only
 * file system, a directory where a file should be, no permission): one line naming the path and
 * the reason, as with any {@link UserError}; not a bug.
 */
public class StorageError extends UserError {
    /** The file that could not be written. */
    private final Path path;

    /**
     * @param path the file that could not be written
     * @param reason why, in a few words
     */
    public StorageError(Path path, String reason) {
        super(path + ": cannot write (" + reason + ")");
        this.path = path;
    }

    /**
     * @param path the file being written
     * @param cause the failure
     */
    public StorageError(Path path, IOException cause) {
        super(path + ": cannot write (" + reason(cause) + ")", cause);
        this.path = path;
    }

    /** @return the file that could not be written */
    public Path path() {
        return path;
    }

    /**
     * The operating system's reason in a few words: "No space left on device", "Read-only file
     * system", "Permission denied", "Not a directory" ...
     *
     * @param e an I/O failure
     * @return its reason, naming the other file involved when it is not the one written
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String why = f.getReason();
            if (why == null) {
                why = e instanceof AccessDeniedException ? "Permission denied"
                        : e instanceof NoSuchFileException ? "No such file or directory"
                        : e instanceof NotDirectoryException ? "Not a directory"
                        : e instanceof FileAlreadyExistsException ? "a file is in the way"
                        : e.getClass().getSimpleName();
            }
            String other = f.getFile();
            boolean ours = other == null || AtomicFiles.isTemporaryName(Path.of(other).getFileName().toString());
            return ours ? why : why + ": " + other;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
