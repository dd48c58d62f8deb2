package org.iwae4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.iwae4j.common.ComputeDevice;
import org.iwae4j.common.Records;
import org.iwae4j.objective.Estimator;
import org.iwae4j.optim.Optimizer;
import org.iwae4j.optim.Schedule;
import org.junit.jupiter.api.Test;

/** Each component has a wither of its name that changes that component and no other. */
class TrainConfigTest {
    private static final Map<Class<?>, Object> OTHER = Map.of(String.class, "fashion-mnist", int.class, 7,
            long.class, 9L, double.class, 0.125, Schedule.class, Schedule.PAPER, ComputeDevice.class, ComputeDevice.CPU,
            NonFinitePolicy.class, NonFinitePolicy.SKIP, Estimator.class, Estimator.DREG, Optimizer.class,
            Optimizer.BURDA, TrainingPath.class, TrainingPath.FAST);

    @Test
    void eachWitherChangesItsComponentOnly() throws Exception {
        TrainConfig base = TrainConfig.defaults();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            TrainConfig changed;
            Object value;
            if (c.getType() == java.util.List.class) {
                Method wither = TrainConfig.class.getMethod(c.getName(), Integer[].class);
                changed = (TrainConfig) wither.invoke(base, (Object) new Integer[] {3});
                value = java.util.List.of(3);
            } else {
                value = OTHER.get(c.getType());
                Method wither = TrainConfig.class.getMethod(c.getName(), c.getType());
                changed = (TrainConfig) wither.invoke(base, value);
            }
            Map<String, Object> before = Records.values(base);
            Map<String, Object> after = Records.values(changed);
            assertEquals(value, after.get(c.getName()), c.getName());
            assertNotEquals(before.get(c.getName()), after.get(c.getName()), c.getName());
            before.remove(c.getName());
            after.remove(c.getName());
            assertEquals(before, after, "the wither " + c.getName() + " changed others");
        }
    }
}
