package org.panopt.core.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.GemmPlan;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;

/**
 * The {@code openblas} backend: host {@link Matrix} views passed to OpenBLAS by address, no copies.
 * Transposed views become BLAS transpose flags; a transposed (row-major) output C is computed through
 * {@code Cᵀ = BᵀAᵀ} ({@link GemmPlan}). Element-wise operations run as one level-1 call over the
 * whole storage when the views are contiguous with the same layout, else one call per stored column.
 *
 * <p>Zero scalars mean "not read", as in cuBLAS geam and BLAS β: {@code geam} with α = 0 does not
 * read A, with β = 0 does not read B; {@code scale(0, A)} multiplies (NaN stays NaN) in Java, because
 * OpenBLAS versions differ on {@code scal} by zero.
 */
public final class OpenBlasBackend implements Backend<Matrix> {
    private static final OpenBlasBackend INSTANCE = new OpenBlasBackend();

    private OpenBlasBackend() {
    }

    /**
     * The backend over the OpenBLAS this JVM found.
     *
     * @throws org.panopt.ffi.LibraryUnavailableException if there is none (the message says what was searched)
     */
    public static OpenBlasBackend get() {
        OpenBlas.library();
        return INSTANCE;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public Matrix allocate(Workspace ws, DType dtype, int rows, int cols) {
        return ws.matrix(dtype, rows, cols);
    }

    @Override
    public void gemm(double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        Shapes.gemm(a, b, c);
        Overlap.refuse("gemm", c, a, b);
        boolean at = a.isTransposed(), bt = b.isTransposed(), ct = c.isTransposed();
        boolean swap = GemmPlan.swapped(ct);
        Trans op1 = GemmPlan.first(at, bt, ct);
        Trans op2 = GemmPlan.second(at, bt, ct);
        Matrix first = swap ? b : a;
        Matrix second = swap ? a : b;
        int m = swap ? c.cols() : c.rows();
        int n = swap ? c.rows() : c.cols();
        int k = a.cols();
        if (c.dtype() == DType.F64) {
            Blas.dgemm(op1, op2, m, n, k, alpha, first.segment(), first.offset(), first.ld(), second.segment(),
                    second.offset(), second.ld(), beta, c.segment(), c.offset(), c.ld());
        } else {
            Blas.sgemm(op1, op2, m, n, k, (float) alpha, first.segment(), first.offset(), first.ld(), second.segment(),
                    second.offset(), second.ld(), (float) beta, c.segment(), c.offset(), c.ld());
        }
    }

    /**
     * {@code C ← αAᵀA + βC} by BLAS syrk on the upper triangle of C's storage, then mirrored, so C is
     * exactly symmetric. As in BLAS syrk, only the upper triangle of the input C is read when β ≠ 0
     * (C is meant to be symmetric).
     */
    @Override
    public void syrk(double alpha, Matrix a, double beta, Matrix c) {
        Shapes.syrk(a, c);
        Overlap.refuse("syrk", c, a, a);
        int p = c.rows();
        int n = a.rows();
        // storage of A is A (n × p): AᵀA is trans = T; storage Aᵀ (p × n): trans = N.
        Trans t = a.isTransposed() ? Trans.N : Trans.T;
        if (c.dtype() == DType.F64) {
            Blas.dsyrk(Uplo.UPPER, t, p, n, alpha, a.segment(), a.offset(), a.ld(), beta, c.segment(), c.offset(), c.ld());
        } else {
            Blas.ssyrk(Uplo.UPPER, t, p, n, (float) alpha, a.segment(), a.offset(), a.ld(), (float) beta, c.segment(),
                    c.offset(), c.ld());
        }
        mirrorUpper(c);
    }

    /** Copies the upper triangle of C's storage onto the lower (C symmetric, so the storage's upper triangle is C's). */
    private static void mirrorUpper(Matrix c) {
        MemorySegment s = c.segment();
        long off = c.offset();
        int ld = c.ld();
        int p = c.rows();
        for (int j = 0; j < p; j++) {
            for (int i = j + 1; i < p; i++) {
                if (c.dtype() == DType.F64) {
                    s.setAtIndex(ValueLayout.JAVA_DOUBLE, off + i + (long) j * ld,
                            s.getAtIndex(ValueLayout.JAVA_DOUBLE, off + j + (long) i * ld));
                } else {
                    s.setAtIndex(ValueLayout.JAVA_FLOAT, off + i + (long) j * ld,
                            s.getAtIndex(ValueLayout.JAVA_FLOAT, off + j + (long) i * ld));
                }
            }
        }
    }

    @Override
    public void geam(double alpha, Matrix a, double beta, Matrix b, Matrix c) {
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
    public void axpy(double alpha, Matrix x, Matrix y) {
        Shapes.same("axpy", x, y);
        Overlap.refuse("axpy", y, x, x);
        lines(Op.AXPY, alpha, x, y);
    }

    @Override
    public void scale(double alpha, Matrix a) {
        scaleInPlace(alpha, a);
    }

    private static void scaleInPlace(double alpha, Matrix a) {
        if (alpha == 1) {
            return;
        }
        if (alpha == 0) {
            lines(Op.TIMES_ZERO, 0, a, a);
        } else {
            lines(Op.SCAL, alpha, a, a);
        }
    }

    /** Scale by a factor that, when zero, means "do not read" (β semantics). */
    private static void scaleOrZero(double alpha, Matrix a) {
        if (alpha == 0) {
            lines(Op.ZERO, 0, a, a);
        } else if (alpha != 1) {
            lines(Op.SCAL, alpha, a, a);
        }
    }

    @Override
    public void addIdentity(double alpha, Matrix c) {
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
    public void copy(Matrix src, Matrix dst) {
        Shapes.same("copy", src, dst);
        if (Overlap.same(src, dst)) {
            return;
        }
        Overlap.refuse("copy", dst, src, src);
        lines(Op.COPY, 0, src, dst);
    }

    @Override
    public double dot(Matrix a, Matrix b) {
        Shapes.same("dot", a, b);
        return lines(Op.DOT, 0, a, b);
    }

    @Override
    public double norm(Matrix a) {
        return lines(Op.NORM, 0, a, a);
    }

    @Override
    public void upload(Matrix src, Matrix dst) {
        hostCopy(src, dst);
    }

    @Override
    public void download(Matrix src, Matrix dst) {
        hostCopy(src, dst);
    }

    private void hostCopy(Matrix src, Matrix dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
        } else {
            dst.copyFrom(src); // converting between float64 and float32: element by element
        }
    }

    private enum Op { AXPY, COPY, SCAL, ZERO, TIMES_ZERO, DOT, NORM }

    /**
     * Applies a level-1 operation along matching lines of X and Y (same logical shape): one call over
     * everything when both are contiguous with the same layout, else one per stored column of Y, with
     * X walked along the same logical line (stride 1 or its ld). Returns the reduction for DOT and NORM.
     */
    private static double lines(Op op, double alpha, Matrix x, Matrix y) {
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

    private static double line(Op op, double alpha, int n, Matrix x, long xOff, int incX, Matrix y, long yOff, int incY) {
        MemorySegment xs = x.segment();
        MemorySegment ys = y.segment();
        boolean d = y.dtype() == DType.F64;
        switch (op) {
            case AXPY -> {
                if (d) {
                    Blas.daxpy(n, alpha, xs, xOff, incX, ys, yOff, incY);
                } else {
                    Blas.saxpy(n, (float) alpha, xs, xOff, incX, ys, yOff, incY);
                }
            }
            case COPY -> {
                if (d) {
                    Blas.dcopy(n, xs, xOff, incX, ys, yOff, incY);
                } else {
                    Blas.scopy(n, xs, xOff, incX, ys, yOff, incY);
                }
            }
            case SCAL -> {
                if (d) {
                    Blas.dscal(n, alpha, ys, yOff, incY);
                } else {
                    Blas.sscal(n, (float) alpha, ys, yOff, incY);
                }
            }
            case ZERO, TIMES_ZERO -> {
                for (int i = 0; i < n; i++) {
                    long at = yOff + (long) i * incY;
                    if (d) {
                        ys.setAtIndex(ValueLayout.JAVA_DOUBLE, at, op == Op.ZERO ? 0 : ys.getAtIndex(ValueLayout.JAVA_DOUBLE, at) * 0);
                    } else {
                        ys.setAtIndex(ValueLayout.JAVA_FLOAT, at, op == Op.ZERO ? 0 : ys.getAtIndex(ValueLayout.JAVA_FLOAT, at) * 0);
                    }
                }
            }
            case DOT -> {
                if (d) {
                    return Blas.ddot(n, xs, xOff, incX, ys, yOff, incY);
                }
                // float32: accumulate in float64 in Java (OpenBLAS dsdot still sums partly in float32)
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += (double) xs.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + (long) i * incX)
                            * ys.getAtIndex(ValueLayout.JAVA_FLOAT, yOff + (long) i * incY);
                }
                return acc;
            }
            case NORM -> {
                return d ? Blas.dnrm2(n, ys, yOff, incY) : Blas.snrm2(n, ys, yOff, incY);
            }
            default -> throw new AssertionError(op);
        }
        return 0;
    }
}
