package org.panopt.core.array;

import java.lang.foreign.ValueLayout;

/**
 * Element type of a view. Only IEEE float64 and float32 are stored; everything is little-endian
 * native order (x86-64 and AArch64 Linux).
 */
public enum DType {
    /** IEEE 754 binary64 ({@code double}). */
    F64(8, ValueLayout.JAVA_DOUBLE_UNALIGNED),
    /** IEEE 754 binary32 ({@code float}). */
    F32(4, ValueLayout.JAVA_FLOAT_UNALIGNED);

    private final int byteSize;
    private final ValueLayout layout;

    DType(int byteSize, ValueLayout layout) {
        this.byteSize = byteSize;
        this.layout = layout;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Unaligned layout of one element (mapped files need not be element-aligned). */
    public ValueLayout layout() {
        return layout;
    }

    /** Byte alignment of every buffer the library allocates: a cache line, and a full 512-bit vector. */
    public static final long ALIGNMENT = 64;
}
