package org.iwae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A data file identified by a digest of its content, installed only once that digest is right. */
public interface PinnedFile {
    String fileName();

    /**
     * Writes {@code content} into {@code dir} under {@link #fileName()}, moved into place only when it
     * is the pinned file.
     *
     * @throws IOException when reading fails or the content is not this file
     */
    void install(InputStream content, Path dir) throws IOException;
}
