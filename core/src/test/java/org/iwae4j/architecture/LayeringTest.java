package org.iwae4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages form one stack: each may use only the packages below it, so the library never
 * reaches up into plotting or the CLI, and storage never into the training loop.
 */
class LayeringTest {
    /** Bottom to top. */
    static final List<String> STACK = List.of("common", "data", "model", "objective", "optim", "eval", "ais", "config", "run",
            "train", "api", "plot", "bench", "cli");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.iwae4j");
    }

    @Test
    void everyPackageIsInTheStack() {
        List<String> packages = classes.stream().map(c -> c.getPackageName().replace("org.iwae4j.", ""))
                .distinct().filter(p -> !STACK.contains(p)).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), packages, "packages outside the stack");
    }

    @Test
    void eachPackageUsesOnlyThoseBelowIt() {
        for (int i = 0; i < STACK.size() - 1; i++) {
            String[] above = STACK.subList(i + 1, STACK.size()).stream().map(p -> "org.iwae4j." + p)
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("org.iwae4j." + STACK.get(i))
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(STACK.get(i) + " sits below " + Arrays.toString(above))
                    .check(classes);
        }
    }

    @Test
    void noCycles() {
        slices().matching("org.iwae4j.(*)..").should().beFreeOfCycles().check(classes);
    }
}
