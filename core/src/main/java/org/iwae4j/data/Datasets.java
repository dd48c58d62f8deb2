package org.iwae4j.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iwae4j.common.UserError;

/** The datasets iwae4j knows, by name. */
public final class Datasets {
    // A new dataset is one more entry here.
    private static final Map<String, Supplier<Dataset>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(Mnist.NAME, Mnist::new);
        KNOWN.put(FashionMnist.NAME, FashionMnist::new);
        KNOWN.put(BinarizedMnist.NAME, BinarizedMnist::new);
        KNOWN.put(Omniglot.NAME, Omniglot::new);
    }

    private Datasets() {}

    /** A known dataset, or the user's data as {@code idx:DIR} or {@code npz:FILE}. */
    public static Dataset byName(String name) {
        for (String kind : new String[] {UserIdxDataset.KIND, NpzDataset.KIND}) {
            if (name.startsWith(kind + ":")) {
                String path = name.substring(kind.length() + 1);
                if (path.isBlank()) {
                    throw new UserError("dataset '" + name + "' needs a path after '" + kind + ":'");
                }
                Path p = Path.of(path);
                return kind.equals(NpzDataset.KIND) ? new NpzDataset(p) : new UserIdxDataset(p);
            }
        }
        Supplier<Dataset> dataset = KNOWN.get(name);
        if (dataset == null) {
            throw new UserError("unknown dataset '" + name + "' (known: " + String.join(", ", KNOWN.keySet())
                    + "; or your own data as idx:DIR or npz:FILE)");
        }
        return dataset.get();
    }

    /** A dataset's name as part of a file name: "mnist", or for user data e.g. npz:/data/toy.npz -> "npz-toy". */
    public static String fileName(String dataset) {
        String data = dataset;
        int colon = dataset.indexOf(':');
        if (colon > 0) {
            String file = Path.of(dataset.substring(colon + 1)).getFileName().toString();
            int dot = file.lastIndexOf('.');
            data = dataset.substring(0, colon) + "-" + (dot > 0 ? file.substring(0, dot) : file);
        }
        return data.replaceAll("[^A-Za-z0-9.-]+", "_");
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }
}
