package org.iwae4j.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Json;
import org.iwae4j.common.Sha256;
import org.iwae4j.common.UserError;

/**
 * One self-checking checkpoint file: a magic line, the training state as JSON, the parameter and
 * optimizer arrays (DJL's NDList encoding, names kept), and a SHA-256 of everything before it, so
 * a truncated or corrupted file is recognized on load instead of training on garbage.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "IWAE4J-CHECKPOINT-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    /** What, besides the arrays, a resumed run needs to continue exactly. */
    public record State(int epoch, long adamStep, long rngState, double elapsedSeconds) {}

    private Checkpoint() {}

    public static void write(Path file, State state, NDList parameters, NDList optimizerState) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.write(MAGIC);
            writeBlock(out, Json.line(state).getBytes(StandardCharsets.UTF_8));
            writeBlock(out, parameters.encode());
            writeBlock(out, optimizerState.encode());
            out.flush();
            byte[] bytes = body.toByteArray();
            byte[] digest = Sha256.newDigest().digest(bytes);
            AtomicFiles.write(file, o -> {
                o.write(bytes);
                o.write(digest);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkpoint read back; arrays belong to the given manager. */
    public record Loaded(State state, NDList parameters, NDList optimizerState) {}

    public static Loaded read(Path file, NDManager manager) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read checkpoint (" + e.getMessage() + ")");
        }
        verify(file, bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - DIGEST_BYTES))) {
            in.skipNBytes(MAGIC.length);
            State state = Json.MAPPER.readValue(readBlock(in), State.class);
            NDList parameters = NDList.decode(manager, readBlock(in));
            NDList optimizerState = NDList.decode(manager, readBlock(in));
            return new Loaded(state, parameters, optimizerState);
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": checkpoint passes its checksum but cannot be decoded (" + e.getMessage() + ")");
        }
    }

    /** Throws a one-line UserError unless the file is a whole, unmodified checkpoint. */
    public static void verify(Path file, byte[] bytes) {
        if (bytes.length < MAGIC.length + DIGEST_BYTES
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new UserError(file + ": not an iwae4j checkpoint (bad header)");
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes, 0, bytes.length - DIGEST_BYTES);
        byte[] expected = Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES, bytes.length);
        if (!MessageDigest.isEqual(digest.digest(), expected)) {
            throw new UserError(file + ": checkpoint is truncated or corrupt (SHA-256 mismatch)");
        }
    }

    public static boolean isIntact(Path file) {
        try {
            verify(file, Files.readAllBytes(file));
            return true;
        } catch (UserError | IOException e) {
            return false;
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeLong(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IOException("bad block length " + length);
        }
        return in.readNBytes((int) length);
    }
}
