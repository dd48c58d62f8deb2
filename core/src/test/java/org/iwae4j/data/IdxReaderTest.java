package org.iwae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.iwae4j.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    // 3 images of 2x3, including the extremes 0 and 255.
    private static final int[] PIXELS = {
        0, 255, 128, 1, 2, 3,
        10, 20, 30, 40, 50, 60,
        254, 253, 252, 251, 250, 249};
    private static final int[] LABELS = {7, 0, 9};

    static byte[] idx(int magic, int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path images() throws IOException {
        return write("images", idx(0x803, new int[] {3, 2, 3}, PIXELS));
    }

    private Path labels() throws IOException {
        return write("labels", idx(0x801, new int[] {3}, LABELS));
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static void assertImages(ImageSet set) {
        assertEquals("toy", set.name());
        assertEquals(3, set.size());
        assertEquals(2, set.height());
        assertEquals(3, set.width());
        assertEquals(6, set.dimension());
        for (int i = 0; i < PIXELS.length; i++) {
            assertEquals(PIXELS[i] / 255f, set.pixels()[i], "pixel " + i);
        }
        assertEquals(0f, set.pixels()[0]);
        assertEquals(1f, set.pixels()[1]);
        assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f, 50 / 255f, 60 / 255f}, set.image(1));
        assertArrayEquals(LABELS, set.labels());
        assertEquals(9, set.label(2));
    }

    @Test
    void readsImagesAndLabels() throws IOException {
        assertImages(IdxReader.readImages(images(), labels(), "toy"));
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Path images = write("images.gz", gzip(Files.readAllBytes(images())));
        Path labels = write("labels.gz", gzip(Files.readAllBytes(labels())));
        assertImages(IdxReader.readImages(images, labels, "toy"));
    }

    @Test
    void readsImagesWithoutLabels() throws IOException {
        ImageSet set = IdxReader.readImages(images(), null, "toy");
        assertEquals(null, set.labels());
        assertThrows(IllegalStateException.class, () -> set.label(0));
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] full = Files.readAllBytes(images());
        Path cut = write("cut", Arrays.copyOf(full, full.length - 2));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(cut, null, "toy"));
        assertEquals(cut + ": truncated: header promises 18 bytes of data, found 16", e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        Path cut = write("cut", Arrays.copyOf(Files.readAllBytes(images()), 9));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(cut, null, "toy"));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());
    }

    @Test
    void rejectsTrailingGarbage() throws IOException {
        byte[] full = Files.readAllBytes(images());
        Path longer = write("longer", Arrays.copyOf(full, full.length + 5));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(longer, null, "toy"));
        assertEquals(longer + ": 5 bytes of trailing garbage after the 18 bytes of data", e.getMessage());
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path labels = labels();
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(labels, null, "toy"));
        assertEquals(labels + ": not an IDX image file (magic 0x00000801)", e.getMessage());

        Path images = images();
        e = assertThrows(UserError.class, () -> IdxReader.readLabels(images));
        assertEquals(images + ": not an IDX label file (magic 0x00000803)", e.getMessage());
    }

    @Test
    void rejectsZeroDimension() throws IOException {
        Path flat = write("flat", idx(0x803, new int[] {3, 0, 3}, new int[0]));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(flat, null, "toy"));
        assertEquals(flat + ": invalid dimensions 3x0x3", e.getMessage());
    }

    @Test
    void rejectsLabelCountMismatch() throws IOException {
        Path images = images();
        Path two = write("two", idx(0x801, new int[] {2}, new int[] {1, 2}));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(images, two, "toy"));
        assertEquals(two + ": 2 labels for the 3 images in " + images, e.getMessage());
    }

    @Test
    void rejectsMissingFile() {
        Path missing = dir.resolve("nope");
        UserError e = assertThrows(UserError.class, () -> IdxReader.readLabels(missing));
        assertEquals(missing + ": not found", e.getMessage());
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] gz = gzip(Files.readAllBytes(images()));
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        UserError e = assertThrows(UserError.class, () -> IdxReader.readImages(cut, null, "toy"));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }
}
