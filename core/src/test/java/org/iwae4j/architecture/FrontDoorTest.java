package org.iwae4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The library's front door, declared: the types a program using the artifact may name (the
 * quickstart needs no others). Everything else of iwae4j is internal and may change. Public
 * signatures of exported types name only exported types (or the JDK's and third parties' such as
 * DJL's), so that no internal type leaks through the front door.
 */
class FrontDoorTest {
    /** The exported types. */
    static final List<Class<?>> EXPORTED = List.of(
            org.iwae4j.api.Iwae.class, org.iwae4j.api.TrainedModel.class, org.iwae4j.api.ImageData.class,
            org.iwae4j.api.LogLikelihoodEstimate.class,
            org.iwae4j.config.TrainConfig.class, org.iwae4j.config.EvalConfig.class, org.iwae4j.config.NonFinitePolicy.class,
            org.iwae4j.objective.Bound.class, org.iwae4j.objective.Estimator.class, org.iwae4j.objective.Objective.class,
            org.iwae4j.objective.Objectives.class, org.iwae4j.objective.Objectives.Settings.class,
            org.iwae4j.optim.Schedule.class, org.iwae4j.optim.Optimizer.class, org.iwae4j.optim.AdamVariant.class,
            org.iwae4j.optim.LearningRateSchedule.class,
            org.iwae4j.common.ComputeDevice.class, org.iwae4j.common.UserError.class,
            org.iwae4j.common.InvalidParameterException.class,
            org.iwae4j.train.ProgressListener.class,
            org.iwae4j.run.EpochMetrics.class, org.iwae4j.run.EvalResult.class, org.iwae4j.run.Provenance.class,
            org.iwae4j.run.RunRecord.class, org.iwae4j.run.DataCheck.Change.class,
            org.iwae4j.model.Architecture.class, org.iwae4j.data.ImageSet.class,
            org.iwae4j.eval.PosteriorCollapse.class, org.iwae4j.ais.AisSettings.class, org.iwae4j.ais.Bdmc.Bounds.class,
            org.iwae4j.ais.InferenceGaps.Result.class, org.iwae4j.ais.InferenceGaps.Settings.class,
            org.iwae4j.ais.AisInit.class, org.iwae4j.config.TrainingPath.class);

    /** Public classes of the api package that are not exported: the engine room of the CLI and the Spark module. */
    static final Set<String> INTERNAL_IN_API = Set.of("TrainingRun", "Evaluation", "EvaluationSteps", "RunModels",
            "AisEvaluation");

    @Test
    void everyPublicClassOfTheApiPackageIsExportedOrDeclaredInternal() throws Exception {
        Set<String> undeclared = new TreeSet<>();
        java.nio.file.Path dir = java.nio.file.Path.of(org.iwae4j.api.Iwae.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve("org/iwae4j/api");
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName("org.iwae4j.api." + name.substring(0, name.length() - 6));
                if (Modifier.isPublic(c.getModifiers()) && !EXPORTED.contains(c)
                        && !INTERNAL_IN_API.contains(c.getSimpleName())) {
                    undeclared.add(c.getSimpleName());
                }
            }
        }
        assertEquals(Set.of(), undeclared);
    }

    @Test
    void exportedSignaturesNameOnlyExportedTypes() {
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : EXPORTED) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    check(type, m, m.getGenericReturnType(), leaks);
                    checkParameters(type, m, leaks);
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers())) {
                    checkParameters(type, c, leaks);
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    check(type, f, f.getGenericType(), leaks);
                }
            }
        }
        assertEquals(Set.of(), leaks);
    }

    /**
     * An optional argument is an overload, never a nullable box ({@code resume(dir, null, ...)} read
     * as "keep the epochs"). Records' components are values read from files, where null says absent.
     */
    @Test
    void noExportedMethodTakesABoxedNumberOrFlag() {
        Set<String> boxed = new TreeSet<>();
        for (Class<?> type : EXPORTED) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            if (!type.isRecord()) {
                members.addAll(List.of(type.getDeclaredConstructors()));
            }
            for (Executable e : members) {
                if (!Modifier.isPublic(e.getModifiers()) || e.isSynthetic()) {
                    continue;
                }
                for (Class<?> p : e.getParameterTypes()) {
                    if (BOXES.contains(p)) {
                        boxed.add(type.getSimpleName() + "." + e.getName() + "(" + p.getSimpleName() + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), boxed);
    }

    private static final Set<Class<?>> BOXES = Set.of(Integer.class, Long.class, Double.class, Float.class,
            Boolean.class, Short.class, Byte.class, Character.class);

    private static void checkParameters(Class<?> type, Executable e, Set<String> leaks) {
        for (Type p : e.getGenericParameterTypes()) {
            check(type, e, p, leaks);
        }
    }

    private static void check(Class<?> owner, Object member, Type type, Set<String> leaks) {
        for (Class<?> c : classes(type)) {
            Class<?> top = c;
            while (top.isArray()) {
                top = top.getComponentType();
            }
            if (top.getName().startsWith("org.iwae4j.") && !EXPORTED.contains(top)) {
                leaks.add(owner.getSimpleName() + "." + name(member) + " -> " + top.getName());
            }
        }
    }

    private static String name(Object member) {
        return member instanceof Executable e ? e.getName() : ((Field) member).getName();
    }

    private static List<Class<?>> classes(Type type) {
        List<Class<?>> out = new ArrayList<>();
        if (type instanceof Class<?> c) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            out.addAll(classes(p.getRawType()));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(classes(a));
            }
        } else if (type instanceof GenericArrayType g) {
            out.addAll(classes(g.getGenericComponentType()));
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                out.addAll(classes(b));
            }
        }
        return out;
    }
}
