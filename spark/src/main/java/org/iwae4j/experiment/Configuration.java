package org.iwae4j.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Locale;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Json;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.data.Datasets;
import org.iwae4j.optim.Optimizer;
import org.iwae4j.optim.Schedule;

/**
 * One configuration of an experiment: an ordinary run directory {@code id} under the experiment's
 * directory, trained with {@code config} (the library's description of a run, so that a setting
 * added to it reaches the experiment's tasks without a copy here). {@code continues} names the
 * configuration whose final checkpoint this one continues (Table 2), or is null.
 *
 * @param id the run directory's name
 * @param config the run's training configuration
 * @param continues the configuration this one continues, or null
 */
public record Configuration(String id, TrainConfig config, String continues) implements Serializable {

    /**
     * A configuration of the paper's architectures, batch size 20, on the CPU.
     *
     * @param id the run directory's name
     * @param config what differs from the defaults
     * @param continues the configuration this one continues, or null
     * @return the configuration
     */
    static Configuration of(String id, TrainConfig config, String continues) {
        return new Configuration(id, config.device(ComputeDevice.CPU), continues);
    }

    /**
     * Reads both forms of experiment.json and outcome.json: this one, with the configuration as
     * config.json writes it, and the flat one written before, which listed some settings here.
     *
     * @param json a configuration's JSON object
     * @return the configuration
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Configuration read(JsonNode json) {
        String id = json.path("id").asText(null);
        String continues = json.hasNonNull("continues") ? json.get("continues").asText() : null;
        if (json.has("config")) {
            return new Configuration(id, Json.MAPPER.convertValue(json.get("config"), TrainConfig.class), continues);
        }
        TrainConfig flat = TrainConfig.defaults().dataset(json.path("dataset").asText()).model(json.path("model").asText())
                .k(json.path("k").asInt()).layers(json.path("layers").asInt()).epochs(json.path("epochs").asInt())
                .schedule(Schedule.of(json.path("schedule").asText()))
                .learningRate(json.path("learning_rate").asDouble()).seed(json.path("seed").asLong())
                .threads(json.path("threads").asInt())
                .optimizer(Optimizer.of(json.path("optimizer").asText("adam")));
        return of(id, flat, continues);
    }

    /**
     * @param threads intra-op threads
     * @return a copy with them (threads change the speed, not the numbers)
     */
    Configuration threads(int threads) {
        return new Configuration(id, config.threads(threads), continues);
    }

    /** e.g. "mnist-L1-iwae-k50-s1". */
    static String name(String dataset, int layers, String model, int k, long seed) {
        return String.format(Locale.ROOT, "%s-L%d-%s-k%d-s%d", Datasets.fileName(dataset), layers, model, k, seed);
    }
}
