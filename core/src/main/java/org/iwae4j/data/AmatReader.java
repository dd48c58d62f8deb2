package org.iwae4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.iwae4j.common.UserError;

/**
 * Reads Larochelle's {@code .amat} text files of binary images: one image per line, its pixels
 * row-major as space-separated 0s and 1s.
 */
public final class AmatReader {
    private AmatReader() {}

    /** Reads binary images of {@code height x width} pixels; anything else is a one-line UserError. */
    public static ImageSet read(Path file, String name, int height, int width) {
        int dim = height * width;
        FloatBuffer pixels = new FloatBuffer();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] values = line.strip().split("\\s+");
                if (values.length != dim) {
                    throw new UserError(file + ": line " + lineNumber + " has " + values.length + " values, expected "
                            + dim + " (" + height + "x" + width + ")");
                }
                for (int j = 0; j < dim; j++) {
                    pixels.add(binary(values[j], file, lineNumber, j + 1));
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + Errors.describe(e));
        }
        int count = pixels.size() / dim;
        if (count == 0) {
            throw new UserError(file + ": no images");
        }
        return new ImageSet(name, pixels.toArray(), count, height, width, null);
    }

    private static float binary(String value, Path file, int line, int column) {
        switch (value) {
            case "0":
                return 0f;
            case "1":
                return 1f;
            default:
                // Tolerate "0.0"/"1.0"; reject everything else, grey levels included.
                try {
                    double v = Double.parseDouble(value);
                    if (v == 0 || v == 1) {
                        return (float) v;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new UserError(file + ": line " + line + ", value " + column + " is '" + value
                        + "', expected 0 or 1");
        }
    }

    /** A growable float array: a 78 MB text file should not become boxed Floats. */
    private static final class FloatBuffer {
        private float[] values = new float[1 << 20];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
