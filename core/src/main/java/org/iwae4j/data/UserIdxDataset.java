package org.iwae4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.common.UserError;

/**
 * {@code idx:DIR}: IDX files named as MNIST's, each optionally gzipped ({@code .gz}):
 * {@code train-images-idx3-ubyte} and {@code t10k-images-idx3-ubyte} are required,
 * {@code valid-images-idx3-ubyte} is the validation set if present, and the matching
 * {@code *-labels-idx1-ubyte} files are read when present.
 */
final class UserIdxDataset extends UserDataset {
    static final String KIND = "idx";

    UserIdxDataset(Path dir) {
        super(KIND, dir);
    }

    @Override
    public String description() {
        return "your IDX files train-, valid- (optional) and t10k-images-idx3-ubyte[.gz] in " + path;
    }

    @Override
    public boolean isPresent(Path dataDir) {
        return Files.isDirectory(path);
    }

    @Override
    List<Path> dataFiles() {
        List<Path> files = new ArrayList<>();
        for (String prefix : List.of("train", "valid", "t10k")) {
            for (String kind : List.of("images-idx3-ubyte", "labels-idx1-ubyte")) {
                Path f = find(prefix + "-" + kind);
                if (f != null) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    @Override
    ImageSet[] read() {
        ImageSet train = read("train", true);
        ImageSet validation = read("valid", false);
        return new ImageSet[] {train, validation, read("t10k", true)};
    }

    private ImageSet read(String prefix, boolean required) {
        Path images = find(prefix + "-images-idx3-ubyte");
        if (images == null) {
            if (required) {
                throw new UserError(path + ": no " + prefix + "-images-idx3-ubyte (or .gz) in this directory");
            }
            return null;
        }
        return IdxReader.readImages(images, find(prefix + "-labels-idx1-ubyte"), name() + "/" + prefix);
    }

    /** The file, else its .gz, else null. */
    private Path find(String fileName) {
        for (String name : List.of(fileName, fileName + ".gz")) {
            Path f = path.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }
}
