package org.iwae4j.run;

import java.time.Instant;
import java.util.List;
import org.iwae4j.common.Torch;

/** Where a result came from: software versions, machine and command, stamped on every file we write. */
public record Provenance(
        String iwae4jVersion,
        String djlVersion,
        String pytorchVersion,
        String javaVersion,
        String os,
        int cores,
        int threads,
        String device,
        String created,
        List<String> command) {

    /** iwae4j's version: from the jar manifest, or the build's when run from classes. */
    public static String version() {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0" : version;
    }

    public static Provenance now(int threads, String device, List<String> command) {
        return new Provenance(
                version(),
                Torch.djlVersion(),
                Torch.engineVersion(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                threads,
                device,
                Instant.now().toString(),
                command == null ? List.of() : List.copyOf(command));
    }
}
