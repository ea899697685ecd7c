package org.panopt.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scalar element access for code that serves float64 and float32 with one body: a precision flag
 * that is a constant at each call site, so the JIT folds the branch away. Used by the strided paths
 * and the tails of the vector kernels; unaligned layouts, so any segment (heap or native) works.
 */
public final class ElementAccess {
    private ElementAccess() {
    }

    /** Element {@code index} of {@code seg} as a double (a float32 element is widened exactly). */
    public static double get(MemorySegment seg, long index, boolean f32) {
        return f32 ? seg.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, index)
                : seg.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, index);
    }

    /** Stores {@code v} at element {@code index} (rounded to float32 if {@code f32}). */
    public static void set(MemorySegment seg, long index, double v, boolean f32) {
        if (f32) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, index, (float) v);
        } else {
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, index, v);
        }
    }

    /** Bytes of one element. */
    public static int bytes(boolean f32) {
        return f32 ? Float.BYTES : Double.BYTES;
    }
}
