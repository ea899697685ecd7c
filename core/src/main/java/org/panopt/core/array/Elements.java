package org.panopt.core.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Element access shared by {@link Matrix} and {@link Vec}: one place that knows the dtypes and the closed-arena message. */
final class Elements {
    private Elements() {
    }

    static double get(MemorySegment s, DType t, long index) {
        try {
            return t == DType.F64
                    ? s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, index)
                    : s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, index);
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    static void set(MemorySegment s, DType t, long index, double v) {
        try {
            if (t == DType.F64) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, index, v);
            } else {
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, index, (float) v);
            }
        } catch (IllegalStateException e) {
            throw closed(e);
        } catch (IllegalArgumentException e) {
            if (s.isReadOnly()) {
                throw new UnsupportedOperationException("this view is read-only (a memory-mapped .npy file is mapped"
                        + " read-only unless read with Npy.Access.COPY)", e);
            }
            throw e;
        }
    }

    static IllegalStateException closed(IllegalStateException cause) {
        return new IllegalStateException(
                "the memory behind this view was freed: its Arena or Workspace is closed (" + cause.getMessage() + ")",
                cause);
    }

    /** Throws a clear exception if the segment's arena is closed; cheap enough for once-per-call checks. */
    static void checkAlive(MemorySegment s) {
        if (!s.scope().isAlive()) {
            throw new IllegalStateException("the memory behind this view was freed: its Arena or Workspace is closed");
        }
    }

    /** Checks that elements [first, last] (element indices, any order) lie in the segment. */
    static void checkBounds(MemorySegment s, DType t, long first, long last, String what) {
        long lo = Math.min(first, last);
        long hi = Math.max(first, last);
        if (lo < 0 || Math.multiplyHigh(hi + 1, t.byteSize()) != 0 || (hi + 1) * t.byteSize() > s.byteSize()) {
            throw new IndexOutOfBoundsException(what + " reaches elements " + lo + ".." + hi
                    + " but its segment holds " + s.byteSize() / t.byteSize() + " " + t + " elements");
        }
    }
}
