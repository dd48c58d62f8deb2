package org.iwae4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a gzipped tar archive (such as an npm package) in Java, so that
 * fetching data needs no tar program. Only what npm tarballs use: ustar headers, octal sizes; other
 * entry types (directories, pax headers, links) are skipped.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    /** Receives one regular file of the archive; {@code content} ends at the end of the file. */
    @FunctionalInterface
    public interface EntryHandler {
        void file(String name, long size, InputStream content) throws IOException;
    }

    /** Calls {@code handler} for each regular file, in archive order. */
    public static void forEachFile(Path tgz, EntryHandler handler) throws IOException {
        try (InputStream in = new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header, n)) {
                    return; // end-of-archive marker, or a tar writer that left it out
                }
                if (n < BLOCK) {
                    throw new IOException(tgz + ": truncated tar header");
                }
                checkChecksum(tgz, header);
                String name = entryName(header);
                long size = octal(tgz, header, 124, 12);
                byte type = header[156];
                Entry content = new Entry(in, size, tgz, name);
                if (type == '0' || type == 0 || type == '7') {
                    handler.file(name, size, content);
                }
                content.skipRest();
                long padding = (BLOCK - size % BLOCK) % BLOCK;
                try {
                    in.skipNBytes(padding);
                } catch (EOFException e) {
                    throw new EOFException(tgz + ": truncated after " + name);
                }
            }
        }
    }

    private static boolean isZero(byte[] block, int length) {
        for (int i = 0; i < length; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String entryName(byte[] header) {
        String name = text(header, 0, 100);
        // ustar splits long paths into a prefix and a name.
        if (text(header, 257, 5).equals("ustar")) {
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(Path tgz, byte[] header, int offset, int length) throws IOException {
        String field = text(header, offset, length).trim();
        try {
            return Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            throw new IOException(tgz + ": corrupt tar header (numeric field '" + field + "')");
        }
    }

    /** The header checksum catches a corrupt archive before its garbage is read as entries. */
    private static void checkChecksum(Path tgz, byte[] header) throws IOException {
        long expected = octal(tgz, header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != expected) {
            throw new IOException(tgz + ": corrupt tar header (checksum " + expected + ", computed " + sum + ")");
        }
    }

    /** The content of one entry: ends at the entry's end, and closing it leaves the archive open. */
    private static final class Entry extends InputStream {
        private final InputStream in;
        private final Path tgz;
        private final String name;
        private long remaining;

        Entry(InputStream in, long size, Path tgz, String name) {
            this.in = in;
            this.remaining = size;
            this.tgz = tgz;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                throw new EOFException(tgz + ": truncated in " + name);
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) != -1) {
                // discard
            }
        }

        @Override
        public void close() {
            // the archive stream belongs to forEachFile
        }
    }
}
