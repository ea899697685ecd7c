package org.panopt.algorithms.linalg;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;
import org.panopt.kernels.threshold.Threshold;

/**
 * BLAS-style operations on float64 {@link Vec} views and on rows of {@link Matrix} views, as the
 * algorithms use them: each call forwards the view's segment, offset and stride to a kernel, so the
 * loops live in one place (the kernels module) and no view object is made per call.
 *
 * <p>Rows: a matrix row is read with the view's column stride, so any layout works; rows are
 * contiguous, and the kernels fastest, when the matrix is row-major (a transposed column-major
 * view, as a C-order .npy file reads). Nothing here allocates.
 */
public final class Blas {
    private Blas() {
    }

    /** {@code xᵀy}. */
    public static double dot(Vec x, Vec y) {
        sameLength("dot", x, y);
        return Level1.ddot(x.length(), x.segment(), x.offset(), x.stride(), y.segment(), y.offset(), y.stride());
    }

    /** {@code y ← a·x + y}. */
    public static void axpy(double a, Vec x, Vec y) {
        sameLength("axpy", x, y);
        Level1.daxpy(x.length(), a, x.segment(), x.offset(), x.stride(), y.segment(), y.offset(), y.stride());
    }

    /** {@code y ← a·x + b·y}. */
    public static void axpby(double a, Vec x, double b, Vec y) {
        sameLength("axpby", x, y);
        Level1.daxpby(x.length(), a, x.segment(), x.offset(), x.stride(), b, y.segment(), y.offset(), y.stride());
    }

    /** {@code x ← a·x}. */
    public static void scal(double a, Vec x) {
        f64(x);
        Level1.dscal(x.length(), a, x.segment(), x.offset(), x.stride());
    }

    /** {@code y ← x}; a no-op when both are the same view. */
    public static void copy(Vec x, Vec y) {
        sameLength("copy", x, y);
        Level1.dcopy(x.length(), x.segment(), x.offset(), x.stride(), y.segment(), y.offset(), y.stride());
    }

    /** {@code x ← 0} (exact zeros, whatever x held, NaN included). */
    public static void zero(Vec x) {
        f64(x);
        x.fill(0);
    }

    /** {@code ‖x‖₂}, without overflow or underflow. */
    public static double nrm2(Vec x) {
        f64(x);
        return Level1.dnrm2(x.length(), x.segment(), x.offset(), x.stride());
    }

    /** {@code ‖x‖₁}. */
    public static double asum(Vec x) {
        f64(x);
        return Level1.dasum(x.length(), x.segment(), x.offset(), x.stride());
    }

    /** {@code ‖x − y‖₂²}, computed from the difference (no cancellation), using {@code scratch}. */
    public static double distanceSquared(Vec x, Vec y, Vec scratch) {
        copy(x, scratch);
        axpy(-1, y, scratch);
        double n = nrm2(scratch);
        return n * n;
    }

    /** {@code a[i, :] · x}. */
    public static double rowDot(Matrix a, int i, Vec x) {
        rowArgs("rowDot", a, i, x);
        return Level1.ddot(a.cols(), a.segment(), a.index(i, 0), (int) a.colStride(), x.segment(), x.offset(), x.stride());
    }

    /** {@code y ← alpha·a[i, :] + y}. */
    public static void rowAxpy(double alpha, Matrix a, int i, Vec y) {
        rowArgs("rowAxpy", a, i, y);
        Level1.daxpy(a.cols(), alpha, a.segment(), a.index(i, 0), (int) a.colStride(), y.segment(), y.offset(), y.stride());
    }

    /** {@code a[i, :] ← alpha·x + a[i, :]}. */
    public static void axpyToRow(double alpha, Vec x, Matrix a, int i) {
        rowArgs("axpyToRow", a, i, x);
        Level1.daxpy(a.cols(), alpha, x.segment(), x.offset(), x.stride(), a.segment(), a.index(i, 0), (int) a.colStride());
    }

    /** {@code a[i, :] ← x}. */
    public static void copyToRow(Vec x, Matrix a, int i) {
        rowArgs("copyToRow", a, i, x);
        Level1.dcopy(a.cols(), x.segment(), x.offset(), x.stride(), a.segment(), a.index(i, 0), (int) a.colStride());
    }

    /** {@code y ← a[i, :]}. */
    public static void copyFromRow(Matrix a, int i, Vec y) {
        rowArgs("copyFromRow", a, i, y);
        Level1.dcopy(a.cols(), a.segment(), a.index(i, 0), (int) a.colStride(), y.segment(), y.offset(), y.stride());
    }

    /** {@code Σ_{k ∈ [from, to)} a[i, k]·x[k]}: part of a row against the same part of x (triangular solves). */
    public static double rowDot(Matrix a, int i, int from, int to, Vec x) {
        rowArgs("rowDot", a, i, x);
        span("rowDot", from, to, a.cols());
        return Level1.ddot(to - from, a.segment(), a.index(i, 0) + from * a.colStride(), (int) a.colStride(), x.segment(),
                x.index(0) + (long) from * x.stride(), x.stride());
    }

    /** {@code Σ_{k ∈ [from, to)} a[i, k]·b[j, k]}: part of row i of a against the same part of row j of b. */
    public static double rowDotRow(Matrix a, int i, Matrix b, int j, int from, int to) {
        rowPair("rowDotRow", a, i, b, j);
        span("rowDotRow", from, to, a.cols());
        return Level1.ddot(to - from, a.segment(), a.index(i, 0) + from * a.colStride(), (int) a.colStride(), b.segment(),
                b.index(j, 0) + from * b.colStride(), (int) b.colStride());
    }

    /** {@code b[j, :] ← alpha·a[i, :] + b[j, :]}. */
    public static void rowAxpyRow(double alpha, Matrix a, int i, Matrix b, int j) {
        rowPair("rowAxpyRow", a, i, b, j);
        Level1.daxpy(a.cols(), alpha, a.segment(), a.index(i, 0), (int) a.colStride(), b.segment(), b.index(j, 0),
                (int) b.colStride());
    }

    /** {@code out ← x ⊙ y} element-wise ({@code out} may be x or y). */
    public static void mul(Vec x, Vec y, Vec out) {
        sameLength("mul", x, y);
        sameLength("mul", x, out);
        Level1.dmul(x.length(), x.segment(), x.offset(), x.stride(), y.segment(), y.offset(), y.stride(), out.segment(),
                out.offset(), out.stride());
    }

    /** {@code out ← out + alpha·x ⊙ y} element-wise. */
    public static void fma(double alpha, Vec x, Vec y, Vec out) {
        sameLength("fma", x, y);
        sameLength("fma", x, out);
        Level1.dfma(x.length(), alpha, x.segment(), x.offset(), x.stride(), y.segment(), y.offset(), y.stride(),
                out.segment(), out.offset(), out.stride());
    }

    /**
     * {@code y[from:to) ← alpha·A[from:to, :]·x + beta·y[from:to)}: rows {@code [from, to)} of A times
     * x. The n-vector y is indexed like the rows of A (length {@code A.rows()}); only
     * {@code [from, to)} is touched. {@code beta = 0}: y is not read.
     */
    public static void gemvRows(double alpha, Matrix a, int from, int to, Vec x, double beta, Vec y) {
        rangeArgs("gemvRows", a, from, to, x, y);
        int rows = to - from;
        if (rows == 0) {
            return;
        }
        // The storage of a transposed view is Aᵀ (cols × rows, column-major): use its transpose.
        boolean t = a.isTransposed();
        Level2.dgemv(t, t ? a.cols() : rows, t ? rows : a.cols(), alpha, a.segment(), a.index(from, 0), a.ld(),
                x.segment(), x.offset(), x.stride(), beta, y.segment(), y.index(from), y.stride());
    }

    /**
     * {@code x ← alpha·A[from:to, :]ᵀ·y[from:to) + beta·x}: the transpose of {@link #gemvRows}, with
     * the same indexing (y has {@code A.rows()} elements, only {@code [from, to)} is read; x has
     * {@code A.cols()}). {@code beta = 0}: x is not read.
     */
    public static void gemvRowsT(double alpha, Matrix a, int from, int to, Vec y, double beta, Vec x) {
        rangeArgs("gemvRowsT", a, from, to, x, y);
        int rows = to - from;
        if (rows == 0) {
            if (beta == 0) {
                zero(x);
            } else if (beta != 1) {
                scal(beta, x);
            }
            return;
        }
        boolean t = a.isTransposed();
        Level2.dgemv(!t, t ? a.cols() : rows, t ? rows : a.cols(), alpha, a.segment(), a.index(from, 0), a.ld(),
                y.segment(), y.index(from), y.stride(), beta, x.segment(), x.offset(), x.stride());
    }

    /**
     * {@code out ← sign(v)·max(|v| − t, 0)} element-wise ({@code out} may be {@code v}); both views
     * contiguous.
     */
    public static void softThreshold(Vec v, double t, Vec out) {
        sameLength("softThreshold", v, out);
        if (v.stride() != 1 || out.stride() != 1) {
            throw new IllegalArgumentException("softThreshold needs contiguous vectors, got strides " + v.stride()
                    + " and " + out.stride());
        }
        Threshold.dsoft(v.length(), t, v.segment(), v.offset(), out.segment(), out.offset());
    }

    // ---- argument checks, once per call -------------------------------------------------------------

    private static void f64(Vec x) {
        if (x.dtype() != DType.F64) {
            throw new IllegalArgumentException("expected a float64 vector, got " + x);
        }
    }

    private static void sameLength(String op, Vec x, Vec y) {
        f64(x);
        f64(y);
        if (x.length() != y.length()) {
            throw new IllegalArgumentException(op + ": lengths differ (" + x.length() + " and " + y.length() + ")");
        }
    }

    private static void rowArgs(String op, Matrix a, int i, Vec x) {
        f64(x);
        if (a.dtype() != DType.F64) {
            throw new IllegalArgumentException(op + ": expected a float64 matrix, got " + a);
        }
        if (i < 0 || i >= a.rows()) {
            throw new IndexOutOfBoundsException(op + ": row " + i + " of a matrix with " + a.rows() + " rows");
        }
        if (x.length() != a.cols()) {
            throw new IllegalArgumentException(op + ": vector of length " + x.length() + " for rows of length "
                    + a.cols());
        }
    }

    private static void rowPair(String op, Matrix a, int i, Matrix b, int j) {
        if (a.dtype() != DType.F64 || b.dtype() != DType.F64) {
            throw new IllegalArgumentException(op + ": expected float64 matrices, got " + a + " and " + b);
        }
        if (i < 0 || i >= a.rows() || j < 0 || j >= b.rows()) {
            throw new IndexOutOfBoundsException(op + ": rows " + i + " and " + j + " of matrices with " + a.rows()
                    + " and " + b.rows() + " rows");
        }
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": rows of length " + a.cols() + " and " + b.cols());
        }
    }

    private static void span(String op, int from, int to, int length) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException(op + ": range [" + from + ", " + to + ") of " + length + " elements");
        }
    }

    private static void rangeArgs(String op, Matrix a, int from, int to, Vec x, Vec y) {
        f64(x);
        f64(y);
        if (a.dtype() != DType.F64) {
            throw new IllegalArgumentException(op + ": expected a float64 matrix, got " + a);
        }
        if (from < 0 || to > a.rows() || from > to) {
            throw new IndexOutOfBoundsException(op + ": rows [" + from + ", " + to + ") of a matrix with " + a.rows()
                    + " rows");
        }
        if (x.length() != a.cols() || y.length() != a.rows()) {
            throw new IllegalArgumentException(op + ": a " + a.rows() + "x" + a.cols() + " matrix needs vectors of "
                    + a.cols() + " and " + a.rows() + " elements, got " + x.length() + " and " + y.length());
        }
    }
}
