package org.panopt.core.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.kernels.level3.Syrk;

/**
 * What every backend over host {@link Matrix} views shares: the element-wise operations reduced to
 * level-1 calls along lines of storage, the geam cases (in place, zero scalars not read), the
 * diagonal update, and host copies. A concrete backend supplies GEMM, SYRK on one triangle, and the
 * five level-1 primitives.
 *
 * <p>Lines: one call over everything when both operands are contiguous with the same layout, else one
 * per stored column of the output, the input walked along the same logical line (stride 1 or its ld).
 *
 * <p>Zero scalars mean "not read", as in cuBLAS geam and BLAS β: {@code geam} with α = 0 does not read
 * A, with β = 0 does not read B; {@code scale(0, A)} multiplies, so NaN stays NaN.
 */
public abstract class HostBackend implements Backend<Matrix> {

    /** {@code y ← α·x + y} along one line. */
    protected abstract void lineAxpy(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incX,
                                     MemorySegment y, long yOff, int incY);

    /** {@code y ← x} along one line. */
    protected abstract void lineCopy(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y,
                                     long yOff, int incY);

    /** {@code y ← α·y} along one line (multiplying: NaN·0 stays NaN). */
    protected abstract void lineScal(boolean f32, int n, double alpha, MemorySegment y, long yOff, int incY);

    /** {@code Σ x·y} along one line, accumulated in float64 (also for float32 data). */
    protected abstract double lineDot(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y,
                                      long yOff, int incY);

    /** {@code ‖y‖₂} along one line, without overflow or underflow. */
    protected abstract double lineNorm(boolean f32, int n, MemorySegment y, long yOff, int incY);

    /**
     * {@code C ← α·op(A)·op(B) + β·C} on storage, column-major, BLAS arguments: the shared
     * {@link #gemm} has already checked shapes and overlap and resolved the views' transposes.
     */
    protected abstract void storageGemm(boolean f32, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                        Matrix a, Matrix b, double beta, Matrix c);

    /**
     * The upper triangle of {@code C ← α·op(A)ᵀ·op(A) + β·C} on storage (BLAS syrk, uplo = U):
     * {@code trans} true means the storage of A is {@code k × n} and the product is {@code AᵀA}.
     */
    protected abstract void storageSyrkUpper(boolean f32, boolean trans, int n, int k, double alpha, Matrix a,
                                             double beta, Matrix c);

    @Override
    public final Matrix allocate(Workspace ws, DType dtype, int rows, int cols) {
        return ws.matrix(dtype, rows, cols);
    }

    /** Transposed views become transpose flags; a transposed C is computed as {@code Cᵀ = BᵀAᵀ}. */
    @Override
    public final void gemm(double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        Shapes.gemm(a, b, c);
        Overlap.refuse("gemm", c, a, b);
        boolean swap = c.isTransposed();
        Matrix first = swap ? b : a;
        Matrix second = swap ? a : b;
        // storage of a view that is not transposed holds the matrix itself; swapping flips which op is T
        boolean t1 = swap ? !first.isTransposed() : first.isTransposed();
        boolean t2 = swap ? !second.isTransposed() : second.isTransposed();
        storageGemm(c.dtype() == DType.F32, t1, t2, swap ? c.cols() : c.rows(), swap ? c.rows() : c.cols(), a.cols(),
                alpha, first, second, beta, c);
    }

    /**
     * {@code C ← αAᵀA + βC} on the upper triangle of C's storage, then mirrored, so C is exactly
     * symmetric. As in BLAS syrk, only the upper triangle of the input C is read when β ≠ 0 (C is
     * meant to be symmetric).
     */
    @Override
    public final void syrk(double alpha, Matrix a, double beta, Matrix c) {
        Shapes.syrk(a, c);
        Overlap.refuse("syrk", c, a, a);
        boolean f32 = c.dtype() == DType.F32;
        // storage of A is A (n × p): AᵀA is trans = T; storage Aᵀ (p × n): trans = N.
        storageSyrkUpper(f32, !a.isTransposed(), c.rows(), a.rows(), alpha, a, beta, c);
        if (f32) {
            Syrk.smirror(true, c.rows(), c.segment(), c.offset(), c.ld());
        } else {
            Syrk.dmirror(true, c.rows(), c.segment(), c.offset(), c.ld());
        }
    }

    @Override
    public final void geam(double alpha, Matrix a, double beta, Matrix b, Matrix c) {
        Shapes.same("geam", a, b, c);
        boolean cIsA = Overlap.same(c, a);
        boolean cIsB = Overlap.same(c, b);
        if (!cIsA) {
            Overlap.refuse("geam", c, a, a);
        }
        if (!cIsB) {
            Overlap.refuse("geam", c, b, b);
        }
        if (cIsA && cIsB) {                 // C ← (α + β) C
            scaleInPlace(alpha + beta, c);
        } else if (cIsA) {                  // C ← αC + βB
            scaleOrZero(alpha, c);
            if (beta != 0) {
                lines(Op.AXPY, beta, b, c);
            }
        } else if (cIsB) {                  // C ← βC + αA
            scaleOrZero(beta, c);
            if (alpha != 0) {
                lines(Op.AXPY, alpha, a, c);
            }
        } else {
            if (alpha == 0) {
                lines(Op.ZERO, 0, c, c);
            } else {
                lines(Op.COPY, 0, a, c);
                if (alpha != 1) {
                    lines(Op.SCAL, alpha, c, c);
                }
            }
            if (beta != 0) {
                lines(Op.AXPY, beta, b, c);
            }
        }
    }

    @Override
    public final void axpy(double alpha, Matrix x, Matrix y) {
        Shapes.same("axpy", x, y);
        Overlap.refuse("axpy", y, x, x);
        lines(Op.AXPY, alpha, x, y);
    }

    @Override
    public final void scale(double alpha, Matrix a) {
        scaleInPlace(alpha, a);
    }

    private void scaleInPlace(double alpha, Matrix a) {
        if (alpha != 1) {
            lines(Op.SCAL, alpha, a, a);
        }
    }

    /** Scale by a factor that, when zero, means "do not read" (β semantics). */
    private void scaleOrZero(double alpha, Matrix a) {
        if (alpha == 0) {
            lines(Op.ZERO, 0, a, a);
        } else if (alpha != 1) {
            lines(Op.SCAL, alpha, a, a);
        }
    }

    @Override
    public final void addIdentity(double alpha, Matrix c) {
        int n = Math.min(c.rows(), c.cols());
        MemorySegment s = c.segment();
        long step = c.ld() + 1L; // (i, i) is at offset + i·(ld + 1) whether or not the view is transposed
        for (int i = 0; i < n; i++) {
            long at = c.offset() + i * step;
            if (c.dtype() == DType.F64) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, at, s.getAtIndex(ValueLayout.JAVA_DOUBLE, at) + alpha);
            } else {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, at, (float) (s.getAtIndex(ValueLayout.JAVA_FLOAT, at) + alpha));
            }
        }
    }

    @Override
    public final void copy(Matrix src, Matrix dst) {
        Shapes.same("copy", src, dst);
        if (Overlap.same(src, dst)) {
            return;
        }
        Overlap.refuse("copy", dst, src, src);
        lines(Op.COPY, 0, src, dst);
    }

    @Override
    public final double dot(Matrix a, Matrix b) {
        Shapes.same("dot", a, b);
        return lines(Op.DOT, 0, a, b);
    }

    @Override
    public final double norm(Matrix a) {
        return lines(Op.NORM, 0, a, a);
    }

    @Override
    public final void upload(Matrix src, Matrix dst) {
        hostCopy(src, dst);
    }

    @Override
    public final void download(Matrix src, Matrix dst) {
        hostCopy(src, dst);
    }

    private void hostCopy(Matrix src, Matrix dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
        } else {
            dst.copyFrom(src); // converting between float64 and float32: element by element
        }
    }

    private enum Op { AXPY, COPY, SCAL, ZERO, DOT, NORM }

    /** Applies a level-1 operation along matching lines of X and Y; returns the reduction for DOT and NORM. */
    private double lines(Op op, double alpha, Matrix x, Matrix y) {
        if (y.rows() == 0 || y.cols() == 0) {
            return 0;
        }
        boolean sameLayout = x.isTransposed() == y.isTransposed();
        if (sameLayout && x.isContiguous() && y.isContiguous()) {
            int len = Math.multiplyExact(y.rows(), y.cols());
            return line(op, alpha, len, x, x.offset(), 1, y, y.offset(), 1);
        }
        int len = y.storageRows();
        double acc = 0;
        for (int s = 0; s < y.storageCols(); s++) {
            long yOff = y.offset() + (long) s * y.ld();
            long xOff = sameLayout ? x.offset() + (long) s * x.ld() : x.offset() + s;
            int incX = sameLayout ? 1 : x.ld();
            double v = line(op, alpha, len, x, xOff, incX, y, yOff, 1);
            if (op == Op.DOT) {
                acc += v;
            } else if (op == Op.NORM) {
                acc = Math.hypot(acc, v); // column norms combined without overflow or underflow
            }
        }
        return acc;
    }

    private double line(Op op, double alpha, int n, Matrix x, long xOff, int incX, Matrix y, long yOff, int incY) {
        boolean f32 = y.dtype() == DType.F32;
        MemorySegment ys = y.segment();
        switch (op) {
            case AXPY -> lineAxpy(f32, n, alpha, x.segment(), xOff, incX, ys, yOff, incY);
            case COPY -> lineCopy(f32, n, x.segment(), xOff, incX, ys, yOff, incY);
            case SCAL -> lineScal(f32, n, alpha, ys, yOff, incY);
            case ZERO -> {
                for (int i = 0; i < n; i++) {
                    long at = yOff + (long) i * incY;
                    if (f32) {
                        ys.setAtIndex(ValueLayout.JAVA_FLOAT, at, 0f);
                    } else {
                        ys.setAtIndex(ValueLayout.JAVA_DOUBLE, at, 0d);
                    }
                }
            }
            case DOT -> {
                return lineDot(f32, n, x.segment(), xOff, incX, ys, yOff, incY);
            }
            case NORM -> {
                return lineNorm(f32, n, ys, yOff, incY);
            }
            default -> throw new AssertionError(op);
        }
        return 0;
    }
}
