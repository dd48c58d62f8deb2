package org.iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.iwae4j.config.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A run's settings are described once, by TrainConfig's components: the training options are one
 * per component, named like it, and the options' defaults are the library's.
 */
class TrainOptionsConfigTest {
    @Test
    void everyComponentHasOneOptionNamedLikeIt() {
        List<String> components = Arrays.stream(TrainConfig.class.getRecordComponents()).map(RecordComponent::getName)
                .sorted().toList();
        List<String> options = TrainOptions.settings().stream().map(Field::getName).sorted().toList();
        assertEquals(components, options);
    }

    @Test
    void noOptionsGivenMeansTheLibrarysDefaults() {
        TrainOptions options = new TrainOptions();
        new CommandLine(new Holder(options)).parseArgs();
        assertEquals(TrainConfig.defaults(), options.toConfig());
    }

    @Test
    void eachOptionSetsItsComponent() {
        TrainOptions options = new TrainOptions();
        new CommandLine(new Holder(options)).parseArgs("--optimizer", "burda", "--lr", "0.002", "--model", "miwae",
                "--m", "3", "--schedule", "paper", "--latent", "4", "--hidden", "9", "--on-non-finite", "skip");
        TrainConfig expected = TrainConfig.paper().optimizer(org.iwae4j.optim.Optimizer.BURDA).learningRate(0.002)
                .model("miwae").m(3).latent(4).hidden(9).onNonFinite(org.iwae4j.config.NonFinitePolicy.SKIP);
        assertEquals(expected, options.toConfig());
    }

    @Test
    void aLibraryParameterIsNamedByItsOption() {
        assertEquals("--lr", Main.flag("learningRate"));
        assertEquals("--batch-size", Main.flag("batchSize"));
        assertEquals("--model", Main.flag("bound"));
        assertEquals("--rows-per-pass", Main.flag("rowsPerPass"));
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        final TrainOptions options;

        Holder(TrainOptions options) {
            this.options = options;
        }
    }
}
