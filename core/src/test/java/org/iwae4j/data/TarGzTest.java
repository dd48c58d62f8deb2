package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir
    Path dir;

    /** A ustar header written field by field, as the format describes it. */
    static byte[] header(String prefix, String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0001750");
        put(h, 116, "0001750");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "14000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    private static void entry(ByteArrayOutputStream tar, String prefix, String name, byte[] content, char type) {
        tar.writeBytes(header(prefix, name, content.length, type));
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    private Path tgz(byte[] tar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(tar);
        }
        return Files.write(dir.resolve("archive.tgz"), bytes.toByteArray());
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private record Seen(String name, long size, byte[] content) {}

    private static List<Seen> readAll(Path tgz) throws IOException {
        List<Seen> seen = new ArrayList<>();
        TarGz.forEachFile(tgz, (name, size, content) -> seen.add(new Seen(name, size, content.readAllBytes())));
        return seen;
    }

    @Test
    void readsRegularFilesWithPrefixesAndSkipsDirectories() throws IOException {
        byte[] small = "hello\n".getBytes(StandardCharsets.US_ASCII);
        byte[] exact = bytes(1024, 1); // a multiple of 512: no padding
        byte[] large = bytes(1500, 2);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "", "package/", new byte[0], '5');
        entry(tar, "", "package/readme.md", small, '0');
        entry(tar, "", "package/data/exact", exact, '0');
        entry(tar, "package/data", "large", large, '0');
        tar.writeBytes(new byte[1024]);

        List<Seen> seen = readAll(tgz(tar.toByteArray()));

        assertEquals(3, seen.size());
        assertEquals("package/readme.md", seen.get(0).name);
        assertEquals(6, seen.get(0).size);
        assertEquals("package/data/exact", seen.get(1).name);
        assertEquals("package/data/large", seen.get(2).name);
        assertEquals(1500, seen.get(2).size);
        assertTrue(Arrays.equals(small, seen.get(0).content));
        assertTrue(Arrays.equals(exact, seen.get(1).content));
        assertTrue(Arrays.equals(large, seen.get(2).content));
    }

    @Test
    void entriesNotReadAreSkipped() throws IOException {
        byte[] first = bytes(700, 3);
        byte[] second = bytes(10, 4);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "", "first", first, '0');
        entry(tar, "", "second", second, '0');
        tar.writeBytes(new byte[1024]);
        List<byte[]> contents = new ArrayList<>();
        TarGz.forEachFile(tgz(tar.toByteArray()), (name, size, content) -> {
            if (name.equals("first")) {
                content.read(); // read a little, then leave the rest
            } else {
                contents.add(content.readAllBytes());
            }
        });
        assertEquals(1, contents.size());
        assertTrue(Arrays.equals(second, contents.get(0)));
    }

    @Test
    void rejectsCorruptHeader() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "", "file", bytes(10, 5), '0');
        tar.writeBytes(new byte[1024]);
        byte[] bad = tar.toByteArray();
        bad[3] ^= 1; // damage the name: the header checksum no longer matches
        Path tgz = tgz(bad);
        IOException e = assertThrows(IOException.class, () -> readAll(tgz));
        assertTrue(e.getMessage().contains("corrupt tar header"), e.getMessage());
    }

    @Test
    void rejectsTruncatedArchive() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "", "file", bytes(2000, 6), '0');
        byte[] cut = Arrays.copyOf(tar.toByteArray(), 512 + 1000);
        Path tgz = tgz(cut);
        IOException e = assertThrows(IOException.class, () -> readAll(tgz));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
