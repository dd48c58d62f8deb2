package org.iwae4j.testing;

import ai.djl.ndarray.NDManager;
import org.iwae4j.common.Torch;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One CPU manager for all the tests of a class, opened before the first and closed after the last:
 * {@code @RegisterExtension static final CpuManager cpu = new CpuManager();}, then {@code cpu.get()}.
 */
public final class CpuManager implements BeforeAllCallback, AfterAllCallback {
    private NDManager manager;

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = Torch.newManager(Torch.device("cpu"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        manager.close();
    }

    /** @return the class's manager */
    public NDManager get() {
        return manager;
    }
}
