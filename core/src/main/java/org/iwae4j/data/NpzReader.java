package org.iwae4j.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.iwae4j.common.UserError;

/**
 * Reads image arrays from a NumPy {@code .npz} file (a zip of {@code .npy} files, as written by
 * {@code numpy.savez} and {@code savez_compressed}): uint8 (scaled by 1/255), bool, float32 or float64
 * values, C order, every value in [0, 1].
 */
public final class NpzReader implements AutoCloseable {
    /** An array's shape and its values as floats, C order. */
    public record Array(int[] shape, float[] values) {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path file;
    private final ZipFile zip;

    private NpzReader(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    public static NpzReader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": not found");
        }
        try {
            return new NpzReader(file, new ZipFile(file.toFile()));
        } catch (ZipException e) {
            throw new UserError(file + ": not an .npz file (not a zip archive)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + Errors.describe(e));
        }
    }

    /** The names of the arrays in the file. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        return names;
    }

    public boolean has(String name) {
        return zip.getEntry(name + ".npy") != null;
    }

    /** @throws UserError naming the file and array when it is absent or malformed */
    public Array read(String name) {
        ZipEntry entry = zip.getEntry(name + ".npy");
        if (entry == null) {
            throw new UserError(file + ": no array '" + name + "' (found: "
                    + (names().isEmpty() ? "none" : String.join(", ", names())) + ")");
        }
        String where = file + ": array '" + name + "'";
        try (DataInputStream in = new DataInputStream(zip.getInputStream(entry))) {
            return read(in, where, entry.getSize());
        } catch (EOFException e) {
            throw new UserError(where + ": truncated");
        } catch (IOException e) {
            throw new UserError(where + ": cannot read: " + Errors.describe(e));
        }
    }

    /**
     * @param entrySize the .npy's size in bytes as the archive records it, or -1 if unknown: the
     *     header's promise is checked against it before anything is allocated
     */
    private static Array read(DataInputStream in, String where, long entrySize) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new UserError(where + ": not a .npy array (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength = major == 1
                ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.reverseBytes(in.readInt());
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new UserError(where + ": implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = new byte[headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where, "descr");
        if (group(FORTRAN, header, where, "fortran_order").equals("True")) {
            throw new UserError(where + ": Fortran-order arrays are not supported (save numpy.ascontiguousarray(a))");
        }
        int[] shape = shape(group(SHAPE, header, where, "shape"), where);
        int itemSize = switch (descr) {
            case "|u1", "<u1", ">u1", "|b1" -> 1;
            case "<f4", ">f4" -> 4;
            case "<f8", ">f8" -> 8;
            default -> throw new UserError(where + ": dtype '" + descr
                    + "' is not supported (use uint8, bool, float32 or float64)");
        };
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new UserError(where + ": bad shape (" + group(SHAPE, header, where, "shape") + "): negative size");
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new UserError(where + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        long prefixBytes = MAGIC.length + 2 + (major == 1 ? 2 : 4) + headerLength;
        if (entrySize >= 0 && count > (entrySize - prefixBytes) / itemSize) {
            throw new UserError(where + ": truncated: the header promises "
                    + (count > Long.MAX_VALUE / itemSize ? "more than " + Long.MAX_VALUE : String.valueOf(count * itemSize))
                    + " bytes of data, found " + Math.max(0, entrySize - prefixBytes) + " (shape "
                    + Arrays.toString(shape) + ")");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new UserError(where + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values, more than one Java array can hold");
        }
        float[] values = new float[(int) count];
        switch (descr) {
            case "|u1", "<u1", ">u1" -> {
                byte[] bytes = readData(in, values.length, where);
                for (int i = 0; i < values.length; i++) {
                    values[i] = (bytes[i] & 0xFF) / 255f;
                }
            }
            case "|b1" -> {
                byte[] bytes = readData(in, values.length, where);
                for (int i = 0; i < values.length; i++) {
                    values[i] = bytes[i] != 0 ? 1f : 0f;
                }
            }
            case "<f4", ">f4" -> {
                ByteBuffer b = ByteBuffer.wrap(readData(in, 4L * values.length, where)).order(order(descr));
                for (int i = 0; i < values.length; i++) {
                    values[i] = inUnitRange(b.getFloat(), i, where);
                }
            }
            case "<f8", ">f8" -> {
                ByteBuffer b = ByteBuffer.wrap(readData(in, 8L * values.length, where)).order(order(descr));
                for (int i = 0; i < values.length; i++) {
                    values[i] = inUnitRange((float) b.getDouble(), i, where);
                }
            }
            default -> throw new UserError(where + ": dtype '" + descr
                    + "' is not supported (use uint8, bool, float32 or float64)");
        }
        return new Array(shape, values);
    }

    private static byte[] readData(InputStream in, long length, String where) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new UserError(where + ": too large");
        }
        byte[] data = in.readNBytes((int) length);
        if (data.length < length) {
            throw new UserError(where + ": truncated: the header promises " + length + " bytes of data, found "
                    + data.length);
        }
        return data;
    }

    private static float inUnitRange(float v, int index, String where) {
        if (!(v >= 0f && v <= 1f)) {
            throw new UserError(where + ": value " + v + " at flat index " + index + " is outside [0, 1]");
        }
        return v;
    }

    private static ByteOrder order(String descr) {
        return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static String group(Pattern pattern, String header, String where, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new UserError(where + ": .npy header lacks '" + key + "'");
        }
        return m.group(1);
    }

    private static int[] shape(String text, String where) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new UserError(where + ": bad shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // nothing was written
        }
    }
}
