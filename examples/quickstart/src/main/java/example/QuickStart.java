package example;

import java.nio.file.Path;
import org.iwae4j.api.ImageData;
import org.iwae4j.api.Iwae;
import org.iwae4j.api.LogLikelihoodEstimate;
import org.iwae4j.api.TrainedModel;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.objective.Bound;
import org.iwae4j.run.EpochMetrics;
import org.iwae4j.train.ProgressListener;

/**
 * iwae4j as a library: train an IWAE on MNIST in memory, score the test images, draw digits, encode,
 * save a run directory the CLI reads, and load it again.
 *
 * <p>Arguments: DATA_DIR (holding mnist/, see './iwae fetch mnist'), OUT_DIR, EPOCHS, K, TEST_IMAGES.
 */
public final class QuickStart {
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Path dataDir = Path.of(args.length > 0 ? args[0] : "data");
        Path out = Path.of(args.length > 1 ? args[1] : "runs/quickstart");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int testImages = args.length > 4 ? Integer.parseInt(args[4]) : 500;

        ImageData data = ImageData.mnist(dataDir);
        TrainConfig config = TrainConfig.defaults().bound(Bound.IWAE).k(k).layers(1).epochs(epochs).seed(1);
        ProgressListener progress = new ProgressListener() {
            @Override
            public void epochDone(EpochMetrics m) {
                System.out.printf("epoch %d: train bound %.2f, validation bound %.2f%n", m.epoch(), m.trainBound(),
                        m.valBound());
            }
        };
        try (TrainedModel model = Iwae.train(config, data, progress)) {
            LogLikelihoodEstimate ll = model.logLikelihood(data.test().subset(0, testImages), 5000);
            System.out.printf("test NLL %.2f ± %.2f nats (k=%d, %d images); log p(x) of the first: %.2f%n",
                    ll.nll(), ll.stderr(), ll.k(), ll.perExample().length, ll.perExample()[0]);
            float[][] digits = model.sample(64, 7);
            float[][] codes = model.encode(data.test().subset(0, 10));
            float[][] decoded = model.decode(codes);
            System.out.printf("%d samples of %d pixels; %d codes of %d units; %d reconstructions%n",
                    digits.length, digits[0].length, codes.length, codes[0].length, decoded.length);
            model.save(out);
        }
        try (TrainedModel again = TrainedModel.load(out)) {
            System.out.printf("loaded %s: epoch %d, %s k=%d%n", out, again.epoch(), again.config().model(),
                    again.config().k());
        }
    }
}
