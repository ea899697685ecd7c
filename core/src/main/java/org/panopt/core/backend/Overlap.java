package org.panopt.core.backend;

import org.panopt.core.array.Matrix;

/**
 * Memory-overlap rules of {@link Backend}: an output may be the very same view as an input where a
 * method allows it, never partly overlap one. Checked on addresses, without allocating, for native
 * segments; heap views fall back to {@link Matrix#overlaps}.
 */
final class Overlap {
    private Overlap() {
    }

    /** The same elements in the same layout (an in-place operation). */
    static boolean same(Matrix a, Matrix b) {
        return a.segment().isNative() == b.segment().isNative() && a.dtype() == b.dtype()
                && a.isTransposed() == b.isTransposed() && a.ld() == b.ld() && a.rows() == b.rows()
                && a.cols() == b.cols() && start(a) == start(b)
                && (a.segment().isNative() || a.segment().heapBase().equals(b.segment().heapBase()));
    }

    /** Throws if {@code out} shares memory with {@code in1} or {@code in2}. */
    static void refuse(String op, Matrix out, Matrix in1, Matrix in2) {
        if (overlap(out, in1) || (in2 != in1 && overlap(out, in2))) {
            throw new IllegalArgumentException(op + ": the output overlaps an input in memory (" + out + ")");
        }
    }

    private static boolean overlap(Matrix a, Matrix b) {
        if (a.size() == 0 || b.size() == 0) {
            return false;
        }
        if (a.segment().isNative() && b.segment().isNative()) {
            return start(a) < end(b) && start(b) < end(a);
        }
        if (a.segment().isNative() != b.segment().isNative()) {
            return false;
        }
        return a.overlaps(b);
    }

    /** First byte address of a native view (heap: offset within its array). */
    private static long start(Matrix m) {
        return m.segment().address() + m.offset() * m.dtype().byteSize();
    }

    private static long end(Matrix m) {
        return m.segment().address() + (m.index(m.rows() - 1, m.cols() - 1) + 1) * m.dtype().byteSize();
    }
}
