package org.panopt.algorithms.landing;

import org.panopt.core.array.MatrixView;

/** Argument checks shared by the landing and retraction iterations (construction time only). */
public final class Args {
    private Args() {
    }

    /** {@code v > 0} and finite. */
    public static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    /** {@code v ∈ [0, 1)}. */
    public static double unitInterval(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** {@code v ≥ 0}. */
    public static long nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
        return v;
    }

    /** {@code m} is {@code rows × cols} and has the given dtype. */
    public static <M extends MatrixView<M>> M shape(String name, M m, int rows, int cols, MatrixView<?> like) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(name + " must be " + rows + "x" + cols + ", got " + m.rows() + "x"
                    + m.cols());
        }
        if (like != null && m.dtype() != like.dtype()) {
            throw new IllegalArgumentException(name + " is " + m.dtype() + " but the iterate is " + like.dtype());
        }
        return m;
    }

    /** An iterate on St(n, p): {@code n ≥ p ≥ 1}. */
    public static void stiefel(MatrixView<?> x) {
        if (x.cols() < 1 || x.rows() < x.cols()) {
            throw new IllegalArgumentException("the iterate must be n x p with n >= p >= 1, got " + x.rows() + "x"
                    + x.cols());
        }
    }
}
