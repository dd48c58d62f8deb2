package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local server (plain HTTP: the mirror logic is the same). */
class HttpsDownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private String base;

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/good/f.bin.gz", gzip(DataFileTest.CONTENT));
        serve("/bad/f.bin.gz", gzip("the wrong bytes".getBytes(StandardCharsets.US_ASCII)));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(String path, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private boolean dirEmpty() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void fallsThroughToTheFirstMirrorThatWorks() throws IOException {
        URI missing = URI.create(base + "/missing/f.bin.gz");
        URI bad = URI.create(base + "/bad/f.bin.gz");
        URI good = URI.create(base + "/good/f.bin.gz");
        URI from = new HttpsDownloader().download(List.of(missing, bad, good), DataFileTest.FILE, dir, true);
        assertEquals(good, from);
        assertArrayEquals(DataFileTest.CONTENT, Files.readAllBytes(dir.resolve("f.bin")));
    }

    @Test
    void reportsEveryMirrorsFailure() throws IOException {
        URI missing = URI.create(base + "/missing/f.bin.gz");
        URI bad = URI.create(base + "/bad/f.bin.gz");
        IOException e = assertThrows(IOException.class,
                () -> new HttpsDownloader().download(List.of(missing, bad), DataFileTest.FILE, dir, true));
        assertTrue(e.getMessage().contains(missing + ": HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains(bad + ": f.bin: SHA-256 mismatch"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(dirEmpty(), "a failed download must leave nothing behind");
    }

    @Test
    void reportsUnreachableHost() throws IOException {
        server.stop(0); // nothing listens on the port any more
        URI gone = URI.create(base + "/good/f.bin.gz");
        IOException e = assertThrows(IOException.class,
                () -> new HttpsDownloader().download(List.of(gone), DataFileTest.FILE, dir, true));
        assertTrue(e.getMessage().startsWith(gone + ": "), e.getMessage());
        assertTrue(dirEmpty());
    }
}
