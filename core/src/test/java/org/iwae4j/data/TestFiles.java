package org.iwae4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/** Writers of small data files in the formats iwae4j reads, for tests. */
public final class TestFiles {
    private TestFiles() {}

    /** A .npy: header dict, then the raw values. */
    public static byte[] npy(String descr, int[] shape, byte[] data, boolean fortran) {
        return npy(descr, Arrays.stream(shape).asLongStream().toArray(), data, fortran);
    }

    /** A .npy with the given header fields and data (which may disagree with them, for malformed files). */
    public static byte[] npy(String descr, long[] shape, byte[] data, boolean fortran) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? "," : "");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': "
                + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    static byte[] uint8(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static byte[] float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** n values cycling through 0, 1/3, 2/3, 1 (grey) or 0, 1 (binary). */
    static float[] values(int n, boolean binary) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = binary ? i % 2 : (i % 4) / 3f;
        }
        return v;
    }

    public static void npz(Path file, Map<String, byte[]> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> a : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
                zip.write(a.getValue());
                zip.closeEntry();
            }
        }
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    /** A .mat with each named matrix given as rows x cols, filled column by column from values. */
    static void mat(Path file, Map<String, double[][]> columns) throws IOException {
        MatFile mat = Mat5.newMatFile();
        for (Map.Entry<String, double[][]> e : columns.entrySet()) {
            double[][] cols = e.getValue();
            Matrix m = Mat5.newMatrix(cols[0].length, cols.length);
            for (int c = 0; c < cols.length; c++) {
                for (int r = 0; r < cols[c].length; r++) {
                    m.setDouble(r, c, cols[c][r]);
                }
            }
            mat.addArray(e.getKey(), m);
        }
        Mat5.writeToFile(mat, file.toFile());
    }
}
