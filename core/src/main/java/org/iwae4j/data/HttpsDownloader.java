package org.iwae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Downloads a {@link PinnedFile} from the first of several mirrors that serves it intact. */
public final class HttpsDownloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // Until the response headers arrive; the body may take longer on a slow line.
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * Tries each URL in turn and installs the first download whose size and SHA-256 are right.
     *
     * @param gunzip the URLs serve the file gzipped: decompress while downloading
     * @return the URL the file came from
     * @throws IOException naming each URL's failure, when none worked
     */
    public URI download(List<URI> urls, PinnedFile file, Path dir, boolean gunzip) throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI url : urls) {
            try {
                downloadOne(url, file, dir, gunzip);
                return url;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failures.add(url + ": " + Errors.describe(e));
            }
        }
        throw new IOException(failures.isEmpty() ? "no URLs to try" : String.join("; ", failures));
    }

    private void downloadOne(URI url, PinnedFile file, Path dir, boolean gunzip) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + url);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            file.install(gunzip ? new GZIPInputStream(body, 1 << 16) : body, dir);
        }
    }
}
