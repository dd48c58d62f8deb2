package org.iwae4j.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One Jackson configuration for every file we write: snake_case keys, pretty JSON documents. */
public final class Json {
    /** The shared mapper; treat it as read-only. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private Json() {}

    /**
     * A single-line JSON object, for .jsonl files.
     *
     * @param value what to serialize
     * @return the JSON, without a line break
     * @throws IllegalStateException if the value cannot be serialized
     */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * An indented JSON document.
     *
     * @param value what to serialize
     * @return the JSON, ending in a line break
     * @throws IllegalStateException if the value cannot be serialized
     */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes a pretty JSON document atomically.
     *
     * @param file the file to replace
     * @param value what to serialize
     */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, pretty(value));
    }

    /**
     * Reads a JSON document, ignoring keys the type lacks (files from newer versions).
     *
     * @param <T> the type to read
     * @param file the file
     * @param type the class to read into
     * @return the value
     * @throws UserError if the file is missing, holds no object (e.g. {@code null}) or is not a valid
     *     document of that type
     */
    public static <T> T read(Path file, Class<T> type) {
        try {
            T value = MAPPER.readValue(Files.readAllBytes(file), type);
            if (value == null) { // the document "null", or nothing but white space
                throw new UserError(file + ": not a valid " + type.getSimpleName() + " file (it holds no JSON object)");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": not a valid " + type.getSimpleName() + " file (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
