package org.iwae4j.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.iwae4j.common.Json;
import org.iwae4j.common.SeededRandom;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.run.EvalFiles;
import org.iwae4j.run.EvalResult;

/** A small generated npz: dataset, tiny configurations, and comparing two experiments' numbers. */
final class TinyExperiments {
    private TinyExperiments() {}

    /** Writes 8x8 grey images of two kinds (train, validation, test) to DIR/toy.npz; returns "npz:FILE". */
    static String dataset(Path dir, int train) throws IOException {
        Path file = dir.resolve("toy.npz");
        Files.createDirectories(dir);
        SeededRandom rng = new SeededRandom(7);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "train", images(rng, train));
            entry(zip, "validation", images(rng, 20));
            entry(zip, "test", images(rng, 40));
        }
        return "npz:" + file.toAbsolutePath();
    }

    private static float[][] images(SeededRandom rng, int n) {
        float[][] images = new float[n][64];
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(2);
            for (int j = 0; j < 64; j++) {
                boolean on = kind == 0 ? (j % 8) < 4 : (j / 8) < 4;
                images[i][j] = (float) Math.min(1, (on ? 0.8 : 0.1) + 0.15 * rng.nextDouble());
            }
        }
        return images;
    }

    private static void entry(ZipOutputStream zip, String name, float[][] images) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + images.length + ", 8, 8), }";
        int pad = (64 - (10 + header.length() + 1) % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(images.length * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] image : images) {
            for (float v : image) {
                data.putFloat(v);
            }
        }
        out.write(data.array());
        OutputStream z = zip;
        z.write(out.toByteArray());
        zip.closeEntry();
    }

    /** A 1-layer paper-architecture configuration on the toy data. */
    static Configuration config(String dataset, String model, int k, int epochs) {
        return Configuration.of(Configuration.name("toy", 1, model, k, 1), TrainConfig.paper().dataset(dataset)
                .model(model).k(k).seed(1).epochs(epochs).threads(1), null);
    }

    static List<List<Configuration>> chains(Configuration... configurations) {
        List<List<Configuration>> chains = new ArrayList<>();
        for (Configuration c : configurations) {
            chains.add(List.of(c));
        }
        return chains;
    }

    static SparkExperiment.Settings local(int parallel) {
        return new SparkExperiment.Settings(null, parallel, 2, System.getProperty("java.class.path"), null, "", 3600);
    }

    static EvalResult eval(Path out, Configuration c, String name) {
        return Json.read(out.resolve(c.id()).resolve("eval-" + name + ".json"), EvalResult.class);
    }

    static double[] logPx(Path out, Configuration c, String name) {
        return EvalFiles.readNpy(out.resolve(c.id()).resolve("eval-" + name + "-logpx.npy"));
    }
}
