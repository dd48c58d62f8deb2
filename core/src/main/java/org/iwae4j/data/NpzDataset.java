package org.iwae4j.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.iwae4j.common.UserError;

/**
 * {@code npz:FILE}: a NumPy .npz with arrays {@code train} and {@code test}, and optionally
 * {@code validation}, each [N, H, W] or [N, D] (D a square is read as sqrt(D) x sqrt(D), else 1 x D).
 */
final class NpzDataset extends UserDataset {
    static final String KIND = "npz";

    NpzDataset(Path file) {
        super(KIND, file);
    }

    @Override
    public String description() {
        return "your NumPy arrays train, test (and validation) in " + path;
    }

    @Override
    List<Path> dataFiles() {
        return List.of(path);
    }

    @Override
    ImageSet[] read() {
        try (NpzReader npz = NpzReader.open(path)) {
            ImageSet train = images(npz, "train");
            ImageSet validation = npz.has("validation") ? images(npz, "validation") : null;
            return new ImageSet[] {train, validation, images(npz, "test")};
        }
    }

    private ImageSet images(NpzReader npz, String array) {
        NpzReader.Array a = npz.read(array);
        int[] s = a.shape();
        String where = path + ": array '" + array + "'";
        int height;
        int width;
        if (s.length == 3) {
            height = s[1];
            width = s[2];
        } else if (s.length == 2) {
            if (s[0] < 1 || s[1] < 1) {
                throw new UserError(where + ": shape " + Arrays.toString(s) + " holds no images");
            }
            int side = (int) Math.round(Math.sqrt(s[1]));
            height = side * side == s[1] ? side : 1;
            width = s[1] / height;
        } else {
            throw new UserError(where + ": shape " + Arrays.toString(s) + ", expected [N, H, W] or [N, D]");
        }
        if (s[0] < 1 || height < 1 || width < 1) {
            throw new UserError(where + ": shape " + Arrays.toString(s) + " holds no images");
        }
        return new ImageSet(name() + "/" + array, a.values(), s[0], height, width, null);
    }
}
