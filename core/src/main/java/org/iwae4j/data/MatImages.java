package org.iwae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads square grey-level images from a MATLAB v5 file in which a variable holds one image per
 * column, each stored column-major (MATLAB's order), as in Omniglot's chardata.mat.
 */
public final class MatImages {
    private final Path file;
    private final Mat5File mat;

    private MatImages(Path file, Mat5File mat) {
        this.file = file;
        this.mat = mat;
    }

    public static MatImages open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": not found");
        }
        try {
            return new MatImages(file, Mat5.readFromFile(file.toFile()));
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": not found");
        } catch (IOException | RuntimeException e) {
            // MFL reports truncated or foreign files with assorted runtime exceptions.
            throw new UserError(file + ": not a readable MATLAB v5 file (" + Errors.describe(e) + ")");
        }
    }

    /** Variable {@code variable}, side x side rows by N columns, as N row-major images in [0, 1]. */
    public ImageSet images(String variable, int side, String name) {
        Matrix matrix = matrix(variable);
        int dim = side * side;
        if (matrix.getNumDimensions() != 2 || matrix.getNumRows() != dim || matrix.getNumCols() < 1) {
            throw new UserError(file + ": variable '" + variable + "' is " + dimsText(matrix.getDimensions())
                    + ", expected " + dim + "xN (one " + side + "x" + side + " image per column)");
        }
        int count = matrix.getNumCols();
        float[] pixels = new float[count * dim];
        for (int n = 0; n < count; n++) {
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    // Column-major within the image: pixel (r, c) is element c*side + r of its column.
                    double v = matrix.getDouble(c * side + r, n);
                    if (!(v >= 0 && v <= 1)) {
                        throw new UserError(file + ": variable '" + variable + "', image " + (n + 1) + " has value "
                                + v + ", expected intensities in [0, 1]");
                    }
                    pixels[n * dim + r * side + c] = (float) v;
                }
            }
        }
        return new ImageSet(name, pixels, count, side, side, null);
    }

    private Matrix matrix(String variable) {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry entry : mat.getEntries()) {
            names.add(entry.getName());
            if (entry.getName().equals(variable)) {
                Array value = entry.getValue();
                if (!(value instanceof Matrix m) || m.isComplex()) {
                    throw new UserError(file + ": variable '" + variable + "' is a " + value.getType()
                            + ", expected a real numeric matrix");
                }
                return m;
            }
        }
        throw new UserError(file + ": no variable '" + variable + "' (found: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    private static String dimsText(int[] dims) {
        StringBuilder text = new StringBuilder();
        for (int d : dims) {
            text.append(text.length() == 0 ? "" : "x").append(d);
        }
        return text.toString();
    }
}
