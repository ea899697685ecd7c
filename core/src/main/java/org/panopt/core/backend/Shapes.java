package org.panopt.core.backend;

import org.panopt.core.array.MatrixView;

/**
 * Shape and dtype checks every {@link Backend} makes before computing, with messages that name the
 * operation and the shapes. Shared so that all backends refuse exactly the same calls.
 *
 * <p>Fixed arity on purpose: a varargs array is allocated on every call unless the JIT inlines the
 * whole call chain (it did not for axpy/geam: 24–32 bytes per call), and backend calls sit inside
 * allocation-free steps. The success path compares ints; messages are built only on failure.
 */
public final class Shapes {
    private Shapes() {
    }

    /** {@code C = A·B}: A is m×k, B is k×n, C is m×n, one dtype. */
    public static void gemm(MatrixView<?> a, MatrixView<?> b, MatrixView<?> c) {
        if (a.dtype() != c.dtype() || b.dtype() != c.dtype()) {
            throw mixed("gemm", a, b);
        }
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
            throw mismatch("gemm: C = A·B", "ABC", a, b, c);
        }
    }

    /** {@code C = AᵀA}: A is n×p, C is p×p, one dtype. */
    public static void syrk(MatrixView<?> a, MatrixView<?> c) {
        if (a.dtype() != c.dtype()) {
            throw mixed("syrk", a, c);
        }
        if (c.rows() != a.cols() || c.cols() != a.cols()) {
            throw mismatch("syrk: C = AᵀA", "AC", a, c, null);
        }
    }

    /** Same shape and dtype, for element-wise operations on two operands. */
    public static void same(String op, MatrixView<?> a, MatrixView<?> b) {
        if (a.dtype() != b.dtype()) {
            throw mixed(op, a, b);
        }
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw mismatch(op, "AB", a, b, null);
        }
    }

    /** Same shape and dtype, for element-wise operations on three operands. */
    public static void same(String op, MatrixView<?> a, MatrixView<?> b, MatrixView<?> c) {
        if (a.dtype() != c.dtype() || b.dtype() != c.dtype()) {
            throw mixed(op, a.dtype() != c.dtype() ? a : b, c);
        }
        if (a.rows() != c.rows() || a.cols() != c.cols() || b.rows() != c.rows() || b.cols() != c.cols()) {
            throw mismatch(op, "ABC", a, b, c);
        }
    }

    private static IllegalArgumentException mixed(String op, MatrixView<?> a, MatrixView<?> b) {
        return new IllegalArgumentException(op + ": operands mix " + a.dtype() + " and " + b.dtype());
    }

    private static IllegalArgumentException mismatch(String op, String names, MatrixView<?> a, MatrixView<?> b,
                                                     MatrixView<?> c) {
        StringBuilder sb = new StringBuilder(op).append(": shapes do not match: ");
        sb.append(names.charAt(0)).append(" is ").append(a.rows()).append('x').append(a.cols());
        sb.append(", ").append(names.charAt(1)).append(" is ").append(b.rows()).append('x').append(b.cols());
        if (c != null) {
            sb.append(", ").append(names.charAt(2)).append(" is ").append(c.rows()).append('x').append(c.cols());
        }
        return new IllegalArgumentException(sb.toString());
    }
}
