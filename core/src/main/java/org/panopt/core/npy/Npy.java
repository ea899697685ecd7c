package org.panopt.core.npy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), read by memory-mapping.
 *
 * <p>Little-endian float64 ({@code <f8}) and float32 ({@code <f4}) arrays of 0, 1 or 2 dimensions
 * are read zero-copy: the returned {@link NpyArray}'s data is a slice of the mapping, valid while
 * the given {@link Arena} is open. Integer and boolean arrays are refused unless
 * {@link ReadOptions#convertIntegers()} asks for a float64 copy. Everything else (big-endian,
 * object, string, complex, half, structured dtypes, more than two dimensions, a bad magic string,
 * a malformed header, a file whose size does not match its shape) throws {@link NpyFormatException}
 * naming the file and the problem; a wrong array is never returned.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {
    }

    /** Storage order of a written 2-D array. */
    public enum Order {
        /** Row-major, NumPy's default. */
        C,
        /** Column-major ({@code fortran_order: True}), the storage order of this library's views. */
        FORTRAN
    }

    /** How the mapping is made. */
    public enum Access {
        /** Zero-copy: the data is the read-only mapping; writing through a view throws. */
        READ_ONLY,
        /** The file is copied into writable memory owned by the arena; writes never reach the file. */
        COPY
    }

    /**
     * Reading options.
     *
     * @param access          how the file is mapped
     * @param convertIntegers read integer and boolean arrays as a float64 copy instead of refusing them
     */
    public record ReadOptions(Access access, boolean convertIntegers) {
        public ReadOptions {
            Objects.requireNonNull(access, "access");
        }

        /** Read-only, zero-copy, floats only. */
        public static ReadOptions defaults() {
            return new ReadOptions(Access.READ_ONLY, false);
        }
    }

    /** Reads with {@link ReadOptions#defaults()}. */
    public static NpyArray read(Path path, Arena arena) throws IOException {
        return read(path, arena, ReadOptions.defaults());
    }

    /**
     * Memory-maps {@code path} into {@code arena} and parses it.
     *
     * @throws NpyFormatException if the content is not a supported .npy array
     * @throws IOException        if the file cannot be read
     */
    public static NpyArray read(Path path, Arena arena, ReadOptions options) throws IOException {
        MemorySegment file;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            file = options.access() == Access.READ_ONLY ? mapped
                    : arena.allocate(mapped.byteSize(), DType.ALIGNMENT).copyFrom(mapped);
        }
        return parse(file, arena, options, path.toString());
    }

    /** Parses an in-memory .npy image (the data stays in {@code image}, zero-copy). */
    public static NpyArray parse(MemorySegment image, Arena arena, ReadOptions options, String name)
            throws NpyFormatException {
        long size = image.byteSize();
        if (size < 10) {
            throw bad(name, "file is truncated: " + size + " bytes, shorter than the .npy preamble");
        }
        for (int k = 0; k < MAGIC.length; k++) {
            if (image.get(ValueLayout.JAVA_BYTE, k) != MAGIC[k]) {
                throw bad(name, "not a .npy file (bad magic string)");
            }
        }
        int major = Byte.toUnsignedInt(image.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(image.get(ValueLayout.JAVA_BYTE, 7));
        if (major < 1 || major > 3 || minor != 0) {
            throw bad(name, "unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        }
        long headerLen;
        long headerStart;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(image.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            headerStart = 10;
        } else {
            if (size < 12) {
                throw bad(name, "file is truncated inside the header length");
            }
            headerLen = Integer.toUnsignedLong(image.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            headerStart = 12;
        }
        if (headerStart + headerLen > size) {
            throw bad(name, "file is truncated: header claims " + headerLen + " bytes, file has " + (size - headerStart)
                    + " after the preamble");
        }
        byte[] hb = image.asSlice(headerStart, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, name);

        long dataStart = headerStart + headerLen;
        long count = h.count();
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) h.itemSize());
        } catch (ArithmeticException e) {
            throw bad(name, "shape " + h.shapeText() + " is too large");
        }
        long available = size - dataStart;
        if (available != bytes) {
            throw bad(name, (available < bytes ? "file is truncated: " : "file size does not match the shape: ")
                    + "shape " + h.shapeText() + " of " + h.descr() + " needs " + bytes + " data bytes, the file has "
                    + available);
        }
        MemorySegment data = image.asSlice(dataStart, bytes);
        int version = major * 10;
        if (h.dtype() != null) {
            return new NpyArray(h.dtype(), h.shape(), h.fortranOrder(), data, version);
        }
        if (!options.convertIntegers()) {
            throw bad(name, "dtype " + h.descr() + " is an integer/boolean type: read it with"
                    + " ReadOptions.convertIntegers to get a float64 copy");
        }
        MemorySegment copy = arena.allocate(Math.multiplyExact(count, 8L), DType.ALIGNMENT);
        for (long k = 0; k < count; k++) {
            copy.setAtIndex(ValueLayout.JAVA_DOUBLE, k, h.integerAt(data, k));
        }
        return new NpyArray(DType.F64, h.shape(), h.fortranOrder(), copy, version);
    }

    /** Writes a 2-D array in C (row-major) order, NumPy's default. */
    public static void write(Path path, Matrix m) throws IOException {
        write(path, m, Order.C);
    }

    /** Writes a 2-D array in the given order, in the view's dtype. */
    public static void write(Path path, Matrix m, Order order) throws IOException {
        int[] shape = {m.rows(), m.cols()};
        boolean c = order == Order.C;
        // Runs are contiguous along j for C order, along i for Fortran order.
        int outer = c ? m.rows() : m.cols();
        int inner = c ? m.cols() : m.rows();
        long innerStride = c ? m.colStride() : m.rowStride();
        long outerStride = c ? m.rowStride() : m.colStride();
        writeRuns(path, m.dtype(), shape, !c, m.segment(), m.offset(), outer, inner, outerStride, innerStride);
    }

    /** Writes a 1-D array. */
    public static void write(Path path, Vec v) throws IOException {
        writeRuns(path, v.dtype(), new int[]{v.length()}, false, v.segment(), v.offset(), 1, v.length(), 0, v.stride());
    }

    private static void writeRuns(Path path, DType dtype, int[] shape, boolean fortran, MemorySegment src, long srcOff,
                                  int outer, int inner, long outerStride, long innerStride) throws IOException {
        byte[] header = NpyHeader.format(dtype, shape, fortran, ALIGN);
        long dataBytes = (long) outer * inner * dtype.byteSize();
        long total = header.length + dataBytes;
        ValueLayout layout = dtype.layout();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena a = Arena.ofConfined()) {
            MemorySegment out = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, a);
            MemorySegment.copy(header, 0, out, ValueLayout.JAVA_BYTE, 0, header.length);
            long dst = header.length / dtype.byteSize(); // header length is a multiple of 64
            for (int o = 0; inner > 0 && o < outer; o++) {
                long base = srcOff + o * outerStride;
                if (innerStride == 1) {
                    MemorySegment.copy(src, layout, base * dtype.byteSize(), out, layout, dst * dtype.byteSize(), inner);
                } else {
                    for (int k = 0; k < inner; k++) {
                        MemorySegment.copy(src, layout, (base + k * innerStride) * dtype.byteSize(),
                                out, layout, (dst + k) * dtype.byteSize(), 1);
                    }
                }
                dst += inner;
            }
            out.force();
        }
    }

    static NpyFormatException bad(String name, String what) {
        return new NpyFormatException(name + ": " + what);
    }
}
