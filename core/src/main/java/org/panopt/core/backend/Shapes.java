package org.panopt.core.backend;

import org.panopt.core.array.MatrixView;

/**
 * Shape and dtype checks every {@link Backend} makes before computing, with messages that name the
 * operation and the shapes. Shared so that all backends refuse exactly the same calls.
 */
public final class Shapes {
    private Shapes() {
    }

    /** {@code C = A·B}: A is m×k, B is k×n, C is m×n. */
    public static void gemm(MatrixView<?> a, MatrixView<?> b, MatrixView<?> c) {
        sameDtype("gemm", a, b, c);
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
            throw mismatch("gemm: C = A·B", "ABC", a, b, c);
        }
    }

    /** {@code C = AᵀA}: A is n×p, C is p×p. */
    public static void syrk(MatrixView<?> a, MatrixView<?> c) {
        sameDtype("syrk", a, c);
        if (c.rows() != a.cols() || c.cols() != a.cols()) {
            throw mismatch("syrk: C = AᵀA", "AC", a, c);
        }
    }

    /** Same shape and dtype, for element-wise operations. */
    public static void same(String op, MatrixView<?>... ms) {
        sameDtype(op, ms);
        for (MatrixView<?> m : ms) {
            if (m.rows() != ms[0].rows() || m.cols() != ms[0].cols()) {
                throw mismatch(op, "ABCDEFGH", ms);
            }
        }
    }

    /** All operands share one dtype. */
    public static void sameDtype(String op, MatrixView<?>... ms) {
        for (MatrixView<?> m : ms) {
            if (m.dtype() != ms[0].dtype()) {
                throw new IllegalArgumentException(op + ": operands mix " + ms[0].dtype() + " and " + m.dtype());
            }
        }
    }

    private static IllegalArgumentException mismatch(String op, String names, MatrixView<?>... ms) {
        StringBuilder sb = new StringBuilder(op).append(": shapes do not match:");
        for (int k = 0; k < ms.length; k++) {
            sb.append(k == 0 ? " " : ", ").append(names.charAt(k)).append(" is ").append(ms[k].rows()).append('x')
                    .append(ms[k].cols());
        }
        return new IllegalArgumentException(sb.toString());
    }
}
