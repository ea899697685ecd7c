package org.panopt.kernels.level2;

import static org.panopt.kernels.Checks.firstIndex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;

/**
 * BLAS level-2 kernels over column-major matrices with a leading dimension: GEMV (both transposes),
 * GER and SYMV (upper or lower triangle), float64 ({@code d…}) and float32 ({@code s…}).
 *
 * <p>Arguments follow the reference BLAS (element offsets instead of pointers; vectors as in
 * {@link org.panopt.kernels.level1.Level1}, negative increments included). Semantics of the scalars
 * are the reference BLAS's: a quick return when a dimension is 0 or when α = 0 and β = 1; β = 0 means
 * y is only written (a NaN or ∞ in y does not propagate); α = 0 means neither A nor x is read.
 * Everything is validated before memory is touched ({@code m, n ≥ 0}, {@code lda ≥ max(1, rows)},
 * non-zero increments, operands inside their segments, writable outputs).
 *
 * <p>Unit-stride operands take Vector API loops (four columns per pass so that y or x is loaded once
 * per four columns); other strides take scalar loops shared by both precisions, which compute in
 * double. Float32 vector paths accumulate in float: the error of each output is bounded like a
 * blocked dot product of length m or n.
 */
public final class Level2 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Level2() {
    }

    // ---------------------------------------------------------------- gemv

    /**
     * {@code y ← α·op(A)·x + β·y}, A {@code m × n}; {@code op(A) = A} (x has n elements, y has m) or
     * {@code Aᵀ} when {@code trans} (x has m, y has n).
     *
     * @throws IllegalArgumentException on a negative size, {@code lda < max(1, m)}, a zero increment or
     *         a read-only y
     * @throws IndexOutOfBoundsException if A, x or y does not fit its segment
     */
    public static void dgemv(boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                             MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        int lenX = trans ? m : n, lenY = trans ? n : m;
        checkGemv(m, n, a, aOff, lda, x, xOff, incx, lenX, y, yOff, incy, lenY, false);
        if (m == 0 || n == 0 || (alpha == 0 && beta == 1)) {
            return;
        }
        long iy = firstIndex(yOff, lenY, incy);
        scaleY(lenY, beta, y, iy, incy, false);
        if (alpha == 0) {
            return;
        }
        long ix = firstIndex(xOff, lenX, incx);
        if (!trans && incy == 1) {
            gemvND(m, n, alpha, a, aOff, lda, x, ix, incx, y, yOff);
        } else if (trans && incx == 1) {
            gemvTD(m, n, alpha, a, aOff, lda, x, xOff, y, iy, incy);
        } else {
            gemvScalar(trans, m, n, alpha, a, aOff, lda, x, ix, incx, y, iy, incy, false);
        }
    }

    /** Float32 twin of {@link #dgemv}. */
    public static void sgemv(boolean trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                             MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        int lenX = trans ? m : n, lenY = trans ? n : m;
        checkGemv(m, n, a, aOff, lda, x, xOff, incx, lenX, y, yOff, incy, lenY, true);
        if (m == 0 || n == 0 || (alpha == 0 && beta == 1)) {
            return;
        }
        long iy = firstIndex(yOff, lenY, incy);
        scaleY(lenY, beta, y, iy, incy, true);
        if (alpha == 0) {
            return;
        }
        long ix = firstIndex(xOff, lenX, incx);
        if (!trans && incy == 1) {
            gemvNF(m, n, alpha, a, aOff, lda, x, ix, incx, y, yOff);
        } else if (trans && incx == 1) {
            gemvTF(m, n, alpha, a, aOff, lda, x, xOff, y, iy, incy);
        } else {
            gemvScalar(trans, m, n, alpha, a, aOff, lda, x, ix, incx, y, iy, incy, true);
        }
    }

    /** y += α·A·x with y contiguous: four columns per pass over y (one load and store of y per four columns). */
    private static void gemvND(int m, int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                               long ix, int incx, MemorySegment y, long yOff) {
        int ub = D.loopBound(m);
        long ld8 = (long) lda * 8;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            long xj = ix + (long) j * incx;
            DoubleVector x0 = DoubleVector.broadcast(D, alpha * x.getAtIndex(DOUBLE, xj));
            DoubleVector x1 = DoubleVector.broadcast(D, alpha * x.getAtIndex(DOUBLE, xj + incx));
            DoubleVector x2 = DoubleVector.broadcast(D, alpha * x.getAtIndex(DOUBLE, xj + 2L * incx));
            DoubleVector x3 = DoubleVector.broadcast(D, alpha * x.getAtIndex(DOUBLE, xj + 3L * incx));
            long aj = (aOff + (long) j * lda) * 8;
            for (int i = 0; i < ub; i += DL) {
                long oy = (yOff + i) * 8, oa = aj + i * 8L;
                DoubleVector acc = DoubleVector.fromMemorySegment(D, a, oa, NO).fma(x0, DoubleVector.fromMemorySegment(D, y, oy, NO));
                acc = DoubleVector.fromMemorySegment(D, a, oa + ld8, NO).fma(x1, acc);
                acc = DoubleVector.fromMemorySegment(D, a, oa + 2 * ld8, NO).fma(x2, acc);
                DoubleVector.fromMemorySegment(D, a, oa + 3 * ld8, NO).fma(x3, acc).intoMemorySegment(y, oy, NO);
            }
            axpyColumnsTail(ub, m, j, 4, alpha, a, aOff, lda, x, ix, incx, y, yOff, false);
        }
        for (; j < n; j++) {
            DoubleVector x0 = DoubleVector.broadcast(D, alpha * x.getAtIndex(DOUBLE, ix + (long) j * incx));
            long aj = (aOff + (long) j * lda) * 8;
            for (int i = 0; i < ub; i += DL) {
                long oy = (yOff + i) * 8;
                DoubleVector.fromMemorySegment(D, a, aj + i * 8L, NO).fma(x0, DoubleVector.fromMemorySegment(D, y, oy, NO))
                        .intoMemorySegment(y, oy, NO);
            }
            axpyColumnsTail(ub, m, j, 1, alpha, a, aOff, lda, x, ix, incx, y, yOff, false);
        }
    }

    private static void gemvNF(int m, int n, float alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                               long ix, int incx, MemorySegment y, long yOff) {
        int ub = F.loopBound(m);
        long ld4 = (long) lda * 4;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            long xj = ix + (long) j * incx;
            FloatVector x0 = FloatVector.broadcast(F, alpha * x.getAtIndex(FLOAT, xj));
            FloatVector x1 = FloatVector.broadcast(F, alpha * x.getAtIndex(FLOAT, xj + incx));
            FloatVector x2 = FloatVector.broadcast(F, alpha * x.getAtIndex(FLOAT, xj + 2L * incx));
            FloatVector x3 = FloatVector.broadcast(F, alpha * x.getAtIndex(FLOAT, xj + 3L * incx));
            long aj = (aOff + (long) j * lda) * 4;
            for (int i = 0; i < ub; i += FL) {
                long oy = (yOff + i) * 4, oa = aj + i * 4L;
                FloatVector acc = FloatVector.fromMemorySegment(F, a, oa, NO).fma(x0, FloatVector.fromMemorySegment(F, y, oy, NO));
                acc = FloatVector.fromMemorySegment(F, a, oa + ld4, NO).fma(x1, acc);
                acc = FloatVector.fromMemorySegment(F, a, oa + 2 * ld4, NO).fma(x2, acc);
                FloatVector.fromMemorySegment(F, a, oa + 3 * ld4, NO).fma(x3, acc).intoMemorySegment(y, oy, NO);
            }
            axpyColumnsTail(ub, m, j, 4, alpha, a, aOff, lda, x, ix, incx, y, yOff, true);
        }
        for (; j < n; j++) {
            FloatVector x0 = FloatVector.broadcast(F, alpha * x.getAtIndex(FLOAT, ix + (long) j * incx));
            long aj = (aOff + (long) j * lda) * 4;
            for (int i = 0; i < ub; i += FL) {
                long oy = (yOff + i) * 4;
                FloatVector.fromMemorySegment(F, a, aj + i * 4L, NO).fma(x0, FloatVector.fromMemorySegment(F, y, oy, NO))
                        .intoMemorySegment(y, oy, NO);
            }
            axpyColumnsTail(ub, m, j, 1, alpha, a, aOff, lda, x, ix, incx, y, yOff, true);
        }
    }

    /** Rows [from, m) of y += Σ_{c<cols} (α·x_{j+c})·A[:, j+c] in scalar. */
    private static void axpyColumnsTail(int from, int m, int j, int cols, double alpha, MemorySegment a, long aOff,
                                        int lda, MemorySegment x, long ix, int incx, MemorySegment y, long yOff,
                                        boolean f32) {
        for (int c = 0; c < cols; c++) {
            double xa = roundTo(alpha * ElementAccess.get(x, ix + (long) (j + c) * incx, f32), f32);
            long aj = aOff + (long) (j + c) * lda;
            for (int i = from; i < m; i++) {
                ElementAccess.set(y, yOff + i, Math.fma(ElementAccess.get(a, aj + i, f32), xa,
                        ElementAccess.get(y, yOff + i, f32)), f32);
            }
        }
    }

    /** y_j += α·(A[:, j]·x) with x contiguous: four columns per pass over x, four-way unrolled dot products. */
    private static void gemvTD(int m, int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                               long xOff, MemorySegment y, long iy, int incy) {
        int ub = D.loopBound(m);
        long ld8 = (long) lda * 8;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            long aj = (aOff + (long) j * lda) * 8;
            DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < ub; i += DL) {
                DoubleVector xv = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO);
                long oa = aj + i * 8L;
                s0 = DoubleVector.fromMemorySegment(D, a, oa, NO).fma(xv, s0);
                s1 = DoubleVector.fromMemorySegment(D, a, oa + ld8, NO).fma(xv, s1);
                s2 = DoubleVector.fromMemorySegment(D, a, oa + 2 * ld8, NO).fma(xv, s2);
                s3 = DoubleVector.fromMemorySegment(D, a, oa + 3 * ld8, NO).fma(xv, s3);
            }
            addDot(j, s0.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, false);
            addDot(j + 1, s1.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, false);
            addDot(j + 2, s2.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, false);
            addDot(j + 3, s3.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, false);
        }
        for (; j < n; j++) {
            long aj = (aOff + (long) j * lda) * 8;
            DoubleVector s0 = DoubleVector.zero(D);
            for (int i = 0; i < ub; i += DL) {
                s0 = DoubleVector.fromMemorySegment(D, a, aj + i * 8L, NO)
                        .fma(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO), s0);
            }
            addDot(j, s0.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, false);
        }
    }

    private static void gemvTF(int m, int n, float alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                               long xOff, MemorySegment y, long iy, int incy) {
        int ub = F.loopBound(m);
        long ld4 = (long) lda * 4;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            long aj = (aOff + (long) j * lda) * 4;
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < ub; i += FL) {
                FloatVector xv = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO);
                long oa = aj + i * 4L;
                s0 = FloatVector.fromMemorySegment(F, a, oa, NO).fma(xv, s0);
                s1 = FloatVector.fromMemorySegment(F, a, oa + ld4, NO).fma(xv, s1);
                s2 = FloatVector.fromMemorySegment(F, a, oa + 2 * ld4, NO).fma(xv, s2);
                s3 = FloatVector.fromMemorySegment(F, a, oa + 3 * ld4, NO).fma(xv, s3);
            }
            addDot(j, s0.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, true);
            addDot(j + 1, s1.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, true);
            addDot(j + 2, s2.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, true);
            addDot(j + 3, s3.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, true);
        }
        for (; j < n; j++) {
            long aj = (aOff + (long) j * lda) * 4;
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0; i < ub; i += FL) {
                s0 = FloatVector.fromMemorySegment(F, a, aj + i * 4L, NO)
                        .fma(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO), s0);
            }
            addDot(j, s0.reduceLanes(VectorOperators.ADD), ub, m, alpha, a, aOff, lda, x, xOff, y, iy, incy, true);
        }
    }

    /** y_j += α·(partial + Σ_{i ≥ from} A[i, j]·x_i): finishes one transposed-GEMV output. */
    private static void addDot(int j, double partial, int from, int m, double alpha, MemorySegment a, long aOff,
                               int lda, MemorySegment x, long xOff, MemorySegment y, long iy, int incy, boolean f32) {
        long aj = aOff + (long) j * lda;
        double s = partial;
        for (int i = from; i < m; i++) {
            s = Math.fma(ElementAccess.get(a, aj + i, f32), ElementAccess.get(x, xOff + i, f32), s);
        }
        long yj = iy + (long) j * incy;
        ElementAccess.set(y, yj, Math.fma(alpha, s, ElementAccess.get(y, yj, f32)), f32);
    }

    private static void gemvScalar(boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                                   MemorySegment x, long ix, int incx, MemorySegment y, long iy, int incy, boolean f32) {
        for (int j = 0; j < n; j++) {
            long aj = aOff + (long) j * lda;
            if (trans) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s = Math.fma(ElementAccess.get(a, aj + i, f32), ElementAccess.get(x, ix + (long) i * incx, f32), s);
                }
                long yj = iy + (long) j * incy;
                ElementAccess.set(y, yj, Math.fma(alpha, s, ElementAccess.get(y, yj, f32)), f32);
            } else {
                double xa = alpha * ElementAccess.get(x, ix + (long) j * incx, f32);
                for (int i = 0; i < m; i++) {
                    long yi = iy + (long) i * incy;
                    ElementAccess.set(y, yi, Math.fma(ElementAccess.get(a, aj + i, f32), xa, ElementAccess.get(y, yi, f32)),
                            f32);
                }
            }
        }
    }

    /** y ← β·y (β = 0: written as 0 without reading y; β = 1: untouched). */
    private static void scaleY(int len, double beta, MemorySegment y, long iy, int incy, boolean f32) {
        if (beta == 1) {
            return;
        }
        for (int k = 0; k < len; k++, iy += incy) {
            ElementAccess.set(y, iy, beta == 0 ? 0 : beta * ElementAccess.get(y, iy, f32), f32);
        }
    }

    // ---------------------------------------------------------------- ger

    /**
     * Rank-1 update {@code A ← A + α·x·yᵀ}, A {@code m × n}, x of m elements, y of n. α = 0 returns at once.
     *
     * @throws IllegalArgumentException on a negative size, {@code lda < max(1, m)}, a zero increment or
     *         a read-only A
     * @throws IndexOutOfBoundsException if A, x or y does not fit its segment
     */
    public static void dger(int m, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y,
                            long yOff, int incy, MemorySegment a, long aOff, int lda) {
        checkGer(m, n, x, xOff, incx, y, yOff, incy, a, aOff, lda, false);
        if (m == 0 || n == 0 || alpha == 0) {
            return;
        }
        long ix = firstIndex(xOff, m, incx), iy = firstIndex(yOff, n, incy);
        int ub = incx == 1 ? D.loopBound(m) : 0;
        for (int j = 0; j < n; j++) {
            double ya = alpha * y.getAtIndex(DOUBLE, iy + (long) j * incy);
            DoubleVector vy = DoubleVector.broadcast(D, ya);
            long aj = (aOff + (long) j * lda) * 8;
            for (int i = 0; i < ub; i += DL) {
                long oa = aj + i * 8L;
                DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO).fma(vy, DoubleVector.fromMemorySegment(D, a, oa, NO))
                        .intoMemorySegment(a, oa, NO);
            }
            gerColumnTail(ub, m, ya, x, ix, incx, a, aOff + (long) j * lda, false);
        }
    }

    /** Float32 twin of {@link #dger}. */
    public static void sger(int m, int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y,
                            long yOff, int incy, MemorySegment a, long aOff, int lda) {
        checkGer(m, n, x, xOff, incx, y, yOff, incy, a, aOff, lda, true);
        if (m == 0 || n == 0 || alpha == 0) {
            return;
        }
        long ix = firstIndex(xOff, m, incx), iy = firstIndex(yOff, n, incy);
        int ub = incx == 1 ? F.loopBound(m) : 0;
        for (int j = 0; j < n; j++) {
            float ya = alpha * y.getAtIndex(FLOAT, iy + (long) j * incy);
            FloatVector vy = FloatVector.broadcast(F, ya);
            long aj = (aOff + (long) j * lda) * 4;
            for (int i = 0; i < ub; i += FL) {
                long oa = aj + i * 4L;
                FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO).fma(vy, FloatVector.fromMemorySegment(F, a, oa, NO))
                        .intoMemorySegment(a, oa, NO);
            }
            gerColumnTail(ub, m, ya, x, ix, incx, a, aOff + (long) j * lda, true);
        }
    }

    private static void gerColumnTail(int from, int m, double ya, MemorySegment x, long ix, int incx, MemorySegment a,
                                      long aj, boolean f32) {
        for (int i = from; i < m; i++) {
            ElementAccess.set(a, aj + i, Math.fma(ElementAccess.get(x, ix + (long) i * incx, f32), ya,
                    ElementAccess.get(a, aj + i, f32)), f32);
        }
    }

    // ---------------------------------------------------------------- symv

    /**
     * {@code y ← α·A·x + β·y} with A {@code n × n} symmetric, of which only the upper ({@code upper})
     * or lower triangle is read (the other triangle may hold anything, NaN included).
     *
     * @throws IllegalArgumentException on a negative size, {@code lda < max(1, n)}, a zero increment or
     *         a read-only y
     * @throws IndexOutOfBoundsException if A, x or y does not fit its segment
     */
    public static void dsymv(boolean upper, int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                             long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        checkGemv(n, n, a, aOff, lda, x, xOff, incx, n, y, yOff, incy, n, false);
        if (n == 0 || (alpha == 0 && beta == 1)) {
            return;
        }
        long ix = firstIndex(xOff, n, incx), iy = firstIndex(yOff, n, incy);
        scaleY(n, beta, y, iy, incy, false);
        if (alpha == 0) {
            return;
        }
        boolean unit = incx == 1 && incy == 1;
        for (int j = 0; j < n; j++) {
            // Column j's stored part, off the diagonal: rows [0, j) (upper) or (j, n) (lower).
            int lo = upper ? 0 : j + 1, len = upper ? j : n - j - 1;
            double t1 = alpha * x.getAtIndex(DOUBLE, ix + (long) j * incx), t2 = 0;
            long aj = aOff + (long) j * lda;
            int done = 0;
            if (unit) {
                DoubleVector vt1 = DoubleVector.broadcast(D, t1), acc = DoubleVector.zero(D);
                for (int ub = D.loopBound(len); done < ub; done += DL) {
                    long r = lo + done;
                    DoubleVector av = DoubleVector.fromMemorySegment(D, a, (aj + r) * 8, NO);
                    long oy = (yOff + r) * 8;
                    av.fma(vt1, DoubleVector.fromMemorySegment(D, y, oy, NO)).intoMemorySegment(y, oy, NO);
                    acc = av.fma(DoubleVector.fromMemorySegment(D, x, (xOff + r) * 8, NO), acc);
                }
                t2 = acc.reduceLanes(VectorOperators.ADD);
            }
            symvColumn(j, lo + done, len - done, t1, t2, alpha, a, aj, x, ix, incx, y, iy, incy, false);
        }
    }

    /** Float32 twin of {@link #dsymv}. */
    public static void ssymv(boolean upper, int n, float alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
                             long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        checkGemv(n, n, a, aOff, lda, x, xOff, incx, n, y, yOff, incy, n, true);
        if (n == 0 || (alpha == 0 && beta == 1)) {
            return;
        }
        long ix = firstIndex(xOff, n, incx), iy = firstIndex(yOff, n, incy);
        scaleY(n, beta, y, iy, incy, true);
        if (alpha == 0) {
            return;
        }
        boolean unit = incx == 1 && incy == 1;
        for (int j = 0; j < n; j++) {
            int lo = upper ? 0 : j + 1, len = upper ? j : n - j - 1;
            float t1 = alpha * x.getAtIndex(FLOAT, ix + (long) j * incx);
            double t2 = 0;
            long aj = aOff + (long) j * lda;
            int done = 0;
            if (unit) {
                FloatVector vt1 = FloatVector.broadcast(F, t1), acc = FloatVector.zero(F);
                for (int ub = F.loopBound(len); done < ub; done += FL) {
                    long r = lo + done;
                    FloatVector av = FloatVector.fromMemorySegment(F, a, (aj + r) * 4, NO);
                    long oy = (yOff + r) * 4;
                    av.fma(vt1, FloatVector.fromMemorySegment(F, y, oy, NO)).intoMemorySegment(y, oy, NO);
                    acc = av.fma(FloatVector.fromMemorySegment(F, x, (xOff + r) * 4, NO), acc);
                }
                t2 = acc.reduceLanes(VectorOperators.ADD);
            }
            symvColumn(j, lo + done, len - done, t1, t2, alpha, a, aj, x, ix, incx, y, iy, incy, true);
        }
    }

    /**
     * Rows [from, from + count) of column j off the diagonal: y_i += t1·A_ij, t2 += A_ij·x_i; then the
     * diagonal, {@code y_j += t1·A_jj + α·t2} (the reference BLAS's column sweep).
     */
    private static void symvColumn(int j, int from, int count, double t1, double t2, double alpha, MemorySegment a,
                                   long aj, MemorySegment x, long ix, int incx, MemorySegment y, long iy, int incy,
                                   boolean f32) {
        for (int i = from; i < from + count; i++) {
            double aij = ElementAccess.get(a, aj + i, f32);
            long yi = iy + (long) i * incy;
            ElementAccess.set(y, yi, Math.fma(t1, aij, ElementAccess.get(y, yi, f32)), f32);
            t2 = Math.fma(aij, ElementAccess.get(x, ix + (long) i * incx, f32), t2);
        }
        long yj = iy + (long) j * incy;
        double yv = Math.fma(t1, ElementAccess.get(a, aj + j, f32), ElementAccess.get(y, yj, f32));
        ElementAccess.set(y, yj, Math.fma(alpha, t2, yv), f32);
    }

    // ---------------------------------------------------------------- checks

    private static void checkGemv(int m, int n, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff,
                                  int incx, int lenX, MemorySegment y, long yOff, int incy, int lenY, boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.matrix("A", a, aOff, m, n, lda, b);
        Checks.vector("x", x, xOff, lenX, incx, b);
        Checks.vector("y", y, yOff, lenY, incy, b);
        Checks.writable("y", y);
    }

    private static void checkGer(int m, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                                 int incy, MemorySegment a, long aOff, int lda, boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.matrix("A", a, aOff, m, n, lda, b);
        Checks.vector("x", x, xOff, m, incx, b);
        Checks.vector("y", y, yOff, n, incy, b);
        Checks.writable("A", a);
    }

    private static double roundTo(double v, boolean f32) {
        return f32 ? (float) v : v;
    }
}
