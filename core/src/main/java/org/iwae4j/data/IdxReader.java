package org.iwae4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.iwae4j.common.UserError;

/**
 * Reads IDX files (the MNIST format): a big-endian header of magic number and dimensions, then the
 * unsigned bytes. Gzipped files are read transparently.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
    static final int LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension

    private IdxReader() {}

    /** Reads images (and their labels unless {@code labelsOrNull} is null), scaled to [0, 1]. */
    public static ImageSet readImages(Path images, Path labelsOrNull, String name) {
        Idx idx = read(images, IMAGES_MAGIC, "image");
        int count = idx.dims[0];
        int height = idx.dims[1];
        int width = idx.dims[2];
        int[] labels = null;
        if (labelsOrNull != null) {
            labels = readLabels(labelsOrNull);
            if (labels.length != count) {
                throw new UserError(labelsOrNull + ": " + labels.length + " labels for the " + count
                        + " images in " + images);
            }
        }
        byte[] data = idx.data;
        float[] pixels = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            pixels[i] = (data[i] & 0xFF) / 255f;
        }
        return new ImageSet(name, pixels, count, height, width, labels);
    }

    public static int[] readLabels(Path labels) {
        byte[] data = read(labels, LABELS_MAGIC, "label").data;
        int[] result = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            result[i] = data[i] & 0xFF;
        }
        return result;
    }

    private record Idx(int[] dims, byte[] data) {}

    private static Idx read(Path file, int magic, String kind) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int actualMagic;
            int[] dims = new int[magic & 0xFF];
            try {
                actualMagic = in.readInt();
                if (actualMagic != magic) {
                    throw new UserError(
                            String.format("%s: not an IDX %s file (magic 0x%08x)", file, kind, actualMagic));
                }
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = in.readInt();
                }
            } catch (EOFException e) {
                throw new UserError(file + ": truncated: the IDX header is incomplete");
            }
            long length = 1;
            for (int d : dims) {
                if (d <= 0) {
                    throw new UserError(file + ": invalid dimensions " + dimsText(dims));
                }
                length *= d;
                if (length > Integer.MAX_VALUE - 8) {
                    throw new UserError(file + ": too large (dimensions " + dimsText(dims) + ")");
                }
            }
            // readNBytes(n) grows its buffer as data arrives: a header that promises more than the
            // file holds is reported as truncated, not as a heap too small for its promise.
            byte[] data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new UserError(file + ": truncated: header promises " + length
                        + " bytes of data, found " + data.length);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new UserError(file + ": " + extra + " bytes of trailing garbage after the "
                        + data.length + " bytes of data");
            }
            return new Idx(dims, data);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + Errors.describe(e));
        }
    }

    /** Opens the file, unzipping it when it starts with the gzip magic number. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static String dimsText(int[] dims) {
        StringBuilder text = new StringBuilder();
        for (int d : dims) {
            text.append(text.length() == 0 ? "" : "x").append(d);
        }
        return text.toString();
    }
}
