package org.iwae4j.common;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module compiled in memory from source text: a class without weights whose methods
 * reach libtorch operators DJL's JNI has no binding for, or run many operators in one native call.
 * The archive is what {@code torch.jit.save} writes for such a class (the code text, a pickle of
 * the object, an empty constants tuple, the format version), built here and loaded with DJL's module
 * loader. Methods run with gradient recording off.
 */
public final class TorchScript {
    /** pickle of an empty tuple: no constants. */
    private static final byte[] CONSTANTS = {(byte) 0x80, 0x02, 0x29, 0x2e};

    private final PtSymbolBlock block;

    private TorchScript(PtSymbolBlock block) {
        this.block = block;
    }

    /**
     * Compiles a class.
     *
     * @param className the class's name in {@code code} (its methods type {@code self} as {@code __torch__.NAME})
     * @param code the class in TorchScript's serialized form: {@code class NAME(Module):} with
     *     {@code __parameters__ = []}, {@code __buffers__ = []}, {@code training : bool}, a {@code forward}
     *     and the methods
     * @return the module, owned by a manager of its own (it lives as long as the process)
     * @throws RuntimeException (from the engine) when the code does not compile
     */
    public static TorchScript compile(String className, String code) {
        PtNDManager manager = (PtNDManager) Torch.newManager(ai.djl.Device.cpu());
        try {
            return new TorchScript(JniUtils.loadModule(manager, new ByteArrayInputStream(archive(className, code)),
                    false, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a method; close the result.
     *
     * @param method its name
     * @param arguments its arguments, in order
     * @return what it returns
     */
    public IValue run(String method, IValue... arguments) {
        return IValueUtils.runMethod(block, method, arguments);
    }

    /** pickle (protocol 2) of an object of class __torch__.NAME with training = True. */
    private static byte[] pickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        writeAscii(out, "c__torch__\n" + className + "\n");
        out.write(')');
        out.write(0x81); // NEWOBJ
        out.write('}');
        out.write('(');
        byte[] key = "training".getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.write(key.length & 0xff);
        out.write((key.length >> 8) & 0xff);
        out.write((key.length >> 16) & 0xff);
        out.write((key.length >> 24) & 0xff);
        out.write(key, 0, key.length);
        out.write(0x88); // True
        out.write('u');
        out.write('b');
        out.write('.');
        return out.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    /** The archive: uncompressed zip entries under one folder, as torch.jit.save writes them. */
    static byte[] archive(String className, String code) throws IOException {
        String folder = className.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, folder + "/data.pkl", pickle(className));
            stored(zip, folder + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, folder + "/constants.pkl", CONSTANTS);
            stored(zip, folder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
