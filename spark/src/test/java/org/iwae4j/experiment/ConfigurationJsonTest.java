package org.iwae4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.iwae4j.common.Json;
import org.iwae4j.config.TrainConfig;
import org.iwae4j.optim.Optimizer;
import org.junit.jupiter.api.Test;

/**
 * An experiment's configuration is the library's TrainConfig (every setting, the optimizer
 * included, reaches the task), and experiment.json / outcome.json written in the older flat form
 * still read as the same configuration.
 */
class ConfigurationJsonTest {
    @Test
    void theGridCarriesEverySettingAndRoundTrips() throws Exception {
        Configuration c = Grid.table1(List.of("mnist"), List.of(2L), 3, 1, "burda").get(0).get(0);
        assertEquals(Optimizer.BURDA, c.config().optimizer());
        assertEquals(c, Json.MAPPER.convertValue(Json.MAPPER.valueToTree(c), Configuration.class));
        assertEquals(c.config(), Json.MAPPER.readValue(Json.line(c), Configuration.class).config());
    }

    @Test
    void theFlatFormOfEarlierVersionsReadsAsTheSameConfiguration() throws Exception {
        String flat = "{\"id\":\"mnist-L1-iwae-k5-s1\",\"dataset\":\"mnist\",\"layers\":1,\"model\":\"iwae\",\"k\":5,"
                + "\"seed\":1,\"epochs\":3,\"schedule\":\"paper\",\"learning_rate\":0.001,\"threads\":1,"
                + "\"continues\":null,\"optimizer\":\"adam\"}";
        Configuration read = Json.MAPPER.readValue(flat, Configuration.class);
        assertEquals(Grid.paper("mnist", 1, "iwae", 5, 1, 3, 1, "adam"), read);
        String second = flat.replace("\"continues\":null", "\"continues\":\"first\"").replace("paper", "constant")
                .replace(",\"optimizer\":\"adam\"", "");
        Configuration continued = Json.MAPPER.readValue(second, Configuration.class);
        assertEquals("first", continued.continues());
        assertEquals(TrainConfig.defaults().k(5).epochs(3).threads(1).device(org.iwae4j.common.ComputeDevice.CPU),
                continued.config());
    }
}
