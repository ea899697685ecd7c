package org.panopt.core.backend;

import org.panopt.core.array.Matrix;

/**
 * Fixed-arity front ends to {@link Shapes}: their varargs arrays is allocated on every call unless
 * the JIT inlines the whole call chain (it did not for axpy/geam here: 24–32 bytes per call), so the
 * success path is checked here without it and {@link Shapes} is called only to build the message.
 */
final class SameShape {
    private SameShape() {
    }

    /** {@link Shapes#gemm} without its varargs dtype check on the success path. */
    static void gemm(Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols() || a.dtype() != c.dtype()
                || b.dtype() != c.dtype()) {
            Shapes.gemm(a, b, c);
        }
    }

    /** {@link Shapes#syrk} without its varargs dtype check on the success path. */
    static void syrk(Matrix a, Matrix c) {
        if (c.rows() != a.cols() || c.cols() != a.cols() || a.dtype() != c.dtype()) {
            Shapes.syrk(a, c);
        }
    }

    static void check(String op, Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols() || a.dtype() != b.dtype()) {
            Shapes.same(op, a, b);
        }
    }

    static void check(String op, Matrix a, Matrix b, Matrix c) {
        if (a.rows() != c.rows() || a.cols() != c.cols() || b.rows() != c.rows() || b.cols() != c.cols()
                || a.dtype() != c.dtype() || b.dtype() != c.dtype()) {
            Shapes.same(op, a, b, c);
        }
    }
}
