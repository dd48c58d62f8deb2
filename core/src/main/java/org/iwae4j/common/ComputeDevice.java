package org.iwae4j.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where tensors live: a GPU when the engine sees one ({@link #AUTO}), the CPU, or a GPU. */
public enum ComputeDevice {
    /** A GPU when the engine sees one, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** The first GPU; fails where the engine sees none. */
    GPU;

    /** @return the name used in files and on the command line */
    @JsonValue
    public String id() {
        return NamedChoice.id(this);
    }

    /**
     * @param id {@code auto}, {@code cpu} or {@code gpu}
     * @return the device
     */
    @JsonCreator
    public static ComputeDevice of(String id) {
        return NamedChoice.parse(ComputeDevice.class, id, "device", "device");
    }
}
