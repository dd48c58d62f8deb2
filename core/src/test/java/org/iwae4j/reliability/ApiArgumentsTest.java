package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.iwae4j.api.ImageData;
import org.iwae4j.api.Iwae;
import org.iwae4j.api.LogLikelihoodEstimate;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.api.TrainingRun;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.InvalidParameterException;
import org.iwae4j.config.EvalConfig;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.objective.Bound;
import org.iwae4j.train.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Class 9 of issue 17: every public API entry answers a missing (null) argument or a null row with
 * an {@link InvalidParameterException} that names the parameter (and the row), never a bare
 * NullPointerException from deep inside.
 */
class ApiArgumentsTest {
    private static final TrainConfig TINY = TrainConfig.defaults().bound(Bound.IWAE).k(2).latent(2).hidden(4)
            .batchSize(10).seed(1).threads(1).device(ComputeDevice.CPU).epochs(1);
    private static final Path DIR = Path.of("data");
    private static final ProgressListener SILENT = ProgressListener.SILENT;
    private static TrainedModel model;

    static float[][] rows(int n) {
        float[][] x = new float[n][4];
        for (int i = 0; i < n; i++) {
            x[i][i % 4] = 1f;
        }
        return x;
    }

    static float[][] withNull(int n, int at) {
        float[][] x = rows(n);
        x[at] = null;
        return x;
    }

    @BeforeAll
    static void train() {
        model = Iwae.train(TINY, ImageData.of(rows(20), rows(4)), SILENT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> cases() {
        byte[][] bytesWithNull = {new byte[4], null, new byte[4]};
        return Stream.of(
            c("ImageData.of: null training row", () -> ImageData.of(withNull(5, 2), rows(2)), "train", "train image 2 is null"),
            c("ImageData.of: null first test row", () -> ImageData.of(rows(5), withNull(2, 0)), "test", "test image 0 is null"),
            c("ImageData.of: null training set", () -> ImageData.of((float[][]) null, rows(2)), "train", "train must not be null"),
            c("ImageData.of: null 8-bit test row", () -> ImageData.of(new byte[][] {new byte[4]}, bytesWithNull), "test", "test image 1 is null"),
            c("ImageData.of: null 8-bit training set", () -> ImageData.of((byte[][]) null, new byte[1][4]), "train", "train must not be null"),
            c("RunModels.imageData: null splits", () -> org.iwae4j.api.RunModels.imageData(null), "splits", "splits must not be null"),
            c("ImageData.named: null name", () -> ImageData.named(null, DIR), "dataset", "dataset must not be null"),
            c("ImageData.named: null directory", () -> ImageData.named("mnist", null), "dataDir", "dataDir must not be null"),
            c("Iwae.train: null config", () -> Iwae.train(null, ImageData.of(rows(5), rows(2)), SILENT), "config", "config must not be null"),
            c("Iwae.train: null data", () -> Iwae.train(TINY, (ImageData) null, SILENT), "data", "data must not be null"),
            c("Iwae.train: null progress", () -> Iwae.train(TINY, ImageData.of(rows(5), rows(2)), null), "progress", "progress must not be null"),
            c("Iwae.train: null run directory", () -> Iwae.train(TINY, DIR, null, SILENT), "runDir", "runDir must not be null"),
            c("Iwae.resume: null run directory", () -> Iwae.resume(null, 1, DIR, SILENT), "runDir", "runDir must not be null"),
            c("Iwae.evaluate: null options", () -> Iwae.evaluate(DIR, null, DIR, SILENT), "options", "options must not be null"),
            c("TrainingRun.start: null out", () -> TrainingRun.start(null, TINY, DIR, SILENT, List.of()), "out", "out must not be null"),
            c("TrainingRun.resume: null out", () -> TrainingRun.resume(null, 1, DIR, SILENT), "out", "out must not be null"),
            c("TrainingRun.continueFrom: null source", () -> TrainingRun.continueFrom(null, DIR, TINY, DIR, SILENT, List.of()), "source", "source must not be null"),
            c("TrainedModel.load: null run directory", () -> TrainedModel.load(null), "runDir", "runDir must not be null"),
            c("logLikelihood: null row", () -> model.logLikelihood(withNull(3, 1), 2), "images", "images image 1 is null"),
            c("logLikelihood: null image set", () -> model.logLikelihood((org.iwae4j.data.ImageSet) null, 2), "images", "images must not be null"),
            c("logLikelihood: null options", () -> model.logLikelihood(ImageData.of(rows(5), rows(2)).test(), (EvalConfig) null, SILENT), "options", "options must not be null"),
            c("encode: null row", () -> model.encode(withNull(3, 2)), "images", "images image 2 is null"),
            c("encode: null image set", () -> model.encode((org.iwae4j.data.ImageSet) null), "images", "images must not be null"),
            c("activityVariances: null image set", () -> model.activityVariances(null, 1), "images", "images must not be null"),
            c("decode: null codes", () -> model.decode(null), "codes", "codes must not be null"),
            c("decode: null row", () -> model.decode(new float[][] {{0, 0}, null}), "codes", "codes row 1 is null"),
            c("decode: no rows", () -> model.decode(new float[0][]), "codes", "codes needs at least one row"),
            c("save: null run directory", () -> model.save(null), "runDir", "runDir must not be null"),
            c("LogLikelihoodEstimate.of: null values", () -> LogLikelihoodEstimate.of(null, 5), "logPx", "logPx must not be null"),
            c("LogLikelihoodEstimate.of: no values", () -> LogLikelihoodEstimate.of(new double[0], 5), "logPx", "logPx needs at least one value"),
            c("RunModels.load: null manager", () -> org.iwae4j.api.RunModels.load(null, Optional.empty(), null, s -> {}), "run", "run must not be null"));
    }

    private static Arguments c(String name, Executable call, String parameter, String message) {
        return Arguments.of(name, call, parameter, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void missingArgumentsAreNamed(String name, Executable call, String parameter, String message) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, call, name);
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
