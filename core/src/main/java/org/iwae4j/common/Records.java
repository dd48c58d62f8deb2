package org.iwae4j.common;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record's components by name, so that code which handles every setting of a configuration (its
 * withers, the comparison on {@code --resume}, the command-line options) follows the record's own
 * list instead of keeping a copy of it.
 */
public final class Records {
    private Records() {}

    /**
     * @param record any record
     * @return each component's name and value, in declaration order
     */
    public static Map<String, Object> values(Record record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            values.put(c.getName(), call(c.getAccessor(), record));
        }
        return values;
    }

    /**
     * A copy of {@code record} with some components changed, built by its canonical constructor (so
     * that the constructor's normalizations apply).
     *
     * @param record the record to copy
     * @param changes component names and their new values; each name must be a component's
     * @param <R> the record's type
     * @return the copy
     * @throws IllegalArgumentException when a name is not a component's
     */
    public static <R extends Record> R with(R record, Map<String, ?> changes) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int changed = 0;
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            types[i] = components[i].getType();
            if (changes.containsKey(name)) {
                args[i] = changes.get(name);
                changed++;
            } else {
                args[i] = call(components[i].getAccessor(), record);
            }
        }
        if (changed != changes.size()) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component among "
                    + changes.keySet());
        }
        try {
            @SuppressWarnings("unchecked")
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            return construct(canonical, args);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param record the record to copy
     * @param component a component's name
     * @param value its new value
     * @param <R> the record's type
     * @return a copy with that one component changed
     */
    public static <R extends Record> R with(R record, String component, Object value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(component, value);
        return with(record, change);
    }

    private static <R> R construct(Constructor<R> constructor, Object[] args) {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw rethrown(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Calls a public method reflectively, passing on what it throws as it is.
     *
     * @param method the method
     * @param target the object, or null for a static method
     * @param args its arguments
     * @return what it returns
     */
    public static Object call(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw rethrown(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException rethrown(InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
            throw r;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause());
    }
}
