package org.panopt.kernels.level1;

import static org.panopt.kernels.Checks.firstIndex;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;

/**
 * BLAS level-1 kernels (and a few element-wise companions) over {@link MemorySegment}s, float64
 * ({@code d…}) and float32 ({@code s…}).
 *
 * <p><b>Arguments.</b> A vector is {@code (MemorySegment seg, long off, int inc)}: {@code off} is an
 * element index (not bytes), {@code inc ≠ 0} the increment in elements. A negative increment walks
 * the vector backwards from its last element exactly as the reference BLAS does: element k lives at
 * {@code off + (n − 1 − k)·|inc|}, so the touched range is always {@code [off, off + (n − 1)·|inc|]}.
 * Heap arrays are accepted through {@code MemorySegment.ofArray}. Every call is validated with
 * {@link Checks} before any memory is read or written: {@code n < 0}, a zero increment, a vector that
 * does not fit its segment, or a read-only output throws and leaves every segment unchanged.
 * {@code n = 0} is a no-op (reductions return their identity).
 *
 * <p><b>Paths.</b> When all increments are 1 (or all are −1, which pairs the same elements) a Vector
 * API loop runs with several independent accumulators and a scalar tail; other strides take a scalar
 * loop. The scalar code is shared by both precisions and computes in double, so a float32 result
 * of a strided call is the double result rounded once.
 *
 * <p><b>Precision.</b> Element-wise kernels round once per element (fused multiply-add where a
 * product meets a sum). Reductions accumulate in the vector's precision with 4·lanes partial sums
 * (float32 {@code snrm2} accumulates in double), so their error is bounded like a blocked sum:
 * {@code |ŝ − s| ≤ (n/(4·lanes) + log₂(4·lanes) + 1)·u·Σ|terms|}.
 *
 * <p><b>Special values.</b> As the reference BLAS where it defines them: {@code axpy} with α = 0
 * returns without reading x; {@code scal} multiplies (so NaN·0 stays NaN). Extensions: {@code axpby}
 * and {@code fma} with β = 0 do not read y (a NaN there does not propagate), with α = 0 do not read x.
 */
public final class Level1 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    private static final int FL = F.length();
    /** Floats in one double vector's lanes: their conversion fills exactly one {@code DoubleVector}. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(32 * DL));
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    // No helper method returns a vector: a small helper that C2 compiled on its own first ("already
    // compiled into a big method") is then called, not inlined, and boxes every vector it returns.
    // The Vector API's own methods are force-inlined, so the loops call them directly.

    private Level1() {
    }

    // ---------------------------------------------------------------- dot

    /**
     * {@code Σ x_k·y_k}.
     *
     * @throws IllegalArgumentException if {@code n < 0} or an increment is 0
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static double ddot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, false, false);
        if (!unit(incx, incy)) {
            return dotScalar(n, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, false);
        }
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int ub = n - n % (4 * DL); i < ub; i += 4 * DL) {
            long ox = (xOff + i) * 8, oy = (yOff + i) * 8;
            a0 = DoubleVector.fromMemorySegment(D, x, ox, NO).fma(DoubleVector.fromMemorySegment(D, y, oy, NO), a0);
            a1 = DoubleVector.fromMemorySegment(D, x, ox + 8L * DL, NO).fma(DoubleVector.fromMemorySegment(D, y, oy + 8L * DL, NO), a1);
            a2 = DoubleVector.fromMemorySegment(D, x, ox + 16L * DL, NO).fma(DoubleVector.fromMemorySegment(D, y, oy + 16L * DL, NO), a2);
            a3 = DoubleVector.fromMemorySegment(D, x, ox + 24L * DL, NO).fma(DoubleVector.fromMemorySegment(D, y, oy + 24L * DL, NO), a3);
        }
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            a0 = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO).fma(DoubleVector.fromMemorySegment(D, y, (yOff + i) * 8, NO), a0);
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD)
                + dotScalar(n - i, x, xOff + i, 1, y, yOff + i, 1, false);
    }

    /** Float32 twin of {@link #ddot}: float accumulation in the vector loop, double in the scalar parts. */
    public static float sdot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, true, false);
        if (!unit(incx, incy)) {
            return (float) dotScalar(n, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, true);
        }
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int ub = n - n % (4 * FL); i < ub; i += 4 * FL) {
            long ox = (xOff + i) * 4, oy = (yOff + i) * 4;
            a0 = FloatVector.fromMemorySegment(F, x, ox, NO).fma(FloatVector.fromMemorySegment(F, y, oy, NO), a0);
            a1 = FloatVector.fromMemorySegment(F, x, ox + 4L * FL, NO).fma(FloatVector.fromMemorySegment(F, y, oy + 4L * FL, NO), a1);
            a2 = FloatVector.fromMemorySegment(F, x, ox + 8L * FL, NO).fma(FloatVector.fromMemorySegment(F, y, oy + 8L * FL, NO), a2);
            a3 = FloatVector.fromMemorySegment(F, x, ox + 12L * FL, NO).fma(FloatVector.fromMemorySegment(F, y, oy + 12L * FL, NO), a3);
        }
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            a0 = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO).fma(FloatVector.fromMemorySegment(F, y, (yOff + i) * 4, NO), a0);
        }
        return (float) (a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD)
                + dotScalar(n - i, x, xOff + i, 1, y, yOff + i, 1, true));
    }

    /**
     * {@code Σ x_k·y_k} over float32 vectors, accumulated in float64 (BLAS {@code dsdot}): each
     * product is exact in double, so the error is that of a double blocked sum. For Frobenius inner
     * products of float32 matrices, where float accumulation loses digits over long sums.
     *
     * @throws IllegalArgumentException if {@code n < 0} or an increment is 0
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static double dsdot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, true, false);
        if (!unit(incx, incy)) {
            return dotScalar(n, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, true);
        }
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int ub = n - n % (2 * DL); i < ub; i += 2 * DL) {
            long ox = (xOff + i) * 4, oy = (yOff + i) * 4;
            DoubleVector x0 = (DoubleVector) FloatVector.fromMemorySegment(FH, x, ox, NO).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector y0 = (DoubleVector) FloatVector.fromMemorySegment(FH, y, oy, NO).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector x1 = (DoubleVector) FloatVector.fromMemorySegment(FH, x, ox + 4L * DL, NO).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector y1 = (DoubleVector) FloatVector.fromMemorySegment(FH, y, oy + 4L * DL, NO).convertShape(VectorOperators.F2D, D, 0);
            a0 = x0.fma(y0, a0);
            a1 = x1.fma(y1, a1);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD) + dotScalar(n - i, x, xOff + i, 1, y, yOff + i, 1, true);
    }

    private static double dotScalar(int n, MemorySegment x, long ix, int incx, MemorySegment y, long iy, int incy,
                                    boolean f32) {
        double s = 0;
        for (int k = 0; k < n; k++, ix += incx, iy += incy) {
            s = Math.fma(ElementAccess.get(x, ix, f32), ElementAccess.get(y, iy, f32), s);
        }
        return s;
    }

    // ---------------------------------------------------------------- axpy, axpby

    /**
     * {@code y ← α·x + y} (one fused multiply-add per element). α = 0 returns at once (x is not read).
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or y is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void daxpy(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                             int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, false, true);
        if (n == 0 || alpha == 0) {
            return;
        }
        if (!unit(incx, incy)) {
            axpbyScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, 1, y, firstIndex(yOff, n, incy), incy, false);
            return;
        }
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            long oy = (yOff + i) * 8;
            va.fma(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO), DoubleVector.fromMemorySegment(D, y, oy, NO)).intoMemorySegment(y, oy, NO);
        }
        axpbyScalar(n - i, alpha, x, xOff + i, 1, 1, y, yOff + i, 1, false);
    }

    /** Float32 twin of {@link #daxpy}. */
    public static void saxpy(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                             int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, true, true);
        if (n == 0 || alpha == 0) {
            return;
        }
        if (!unit(incx, incy)) {
            axpbyScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, 1, y, firstIndex(yOff, n, incy), incy, true);
            return;
        }
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            long oy = (yOff + i) * 4;
            va.fma(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO), FloatVector.fromMemorySegment(F, y, oy, NO)).intoMemorySegment(y, oy, NO);
        }
        axpbyScalar(n - i, alpha, x, xOff + i, 1, 1, y, yOff + i, 1, true);
    }

    /**
     * {@code y ← α·x + β·y}. β = 0: y is only written (a NaN in y does not propagate); α = 0: x is not
     * read ({@code y ← β·y}). Otherwise {@code fma(α, x, β·y)} per element.
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or y is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void daxpby(int n, double alpha, MemorySegment x, long xOff, int incx, double beta, MemorySegment y,
                              long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, false, true);
        if (!unit(incx, incy)) {
            axpbyScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, beta, y, firstIndex(yOff, n, incy), incy, false);
        } else if (alpha == 0 || beta == 0) {
            // One term only: y ← β·y or y ← α·x (a factor 0 writes zeros without reading).
            scaleD(n, alpha == 0 ? beta : alpha, alpha == 0 ? y : x, alpha == 0 ? yOff : xOff, y, yOff);
        } else {
            DoubleVector va = DoubleVector.broadcast(D, alpha), vb = DoubleVector.broadcast(D, beta);
            int i = 0;
            for (int ub = D.loopBound(n); i < ub; i += DL) {
                long oy = (yOff + i) * 8;
                va.fma(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO), vb.mul(DoubleVector.fromMemorySegment(D, y, oy, NO))).intoMemorySegment(y, oy, NO);
            }
            axpbyScalar(n - i, alpha, x, xOff + i, 1, beta, y, yOff + i, 1, false);
        }
    }

    /** Float32 twin of {@link #daxpby}. */
    public static void saxpby(int n, float alpha, MemorySegment x, long xOff, int incx, float beta, MemorySegment y,
                              long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, true, true);
        if (!unit(incx, incy)) {
            axpbyScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, beta, y, firstIndex(yOff, n, incy), incy, true);
        } else if (alpha == 0 || beta == 0) {
            scaleF(n, alpha == 0 ? beta : alpha, alpha == 0 ? y : x, alpha == 0 ? yOff : xOff, y, yOff);
        } else {
            FloatVector va = FloatVector.broadcast(F, alpha), vb = FloatVector.broadcast(F, beta);
            int i = 0;
            for (int ub = F.loopBound(n); i < ub; i += FL) {
                long oy = (yOff + i) * 4;
                va.fma(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO), vb.mul(FloatVector.fromMemorySegment(F, y, oy, NO))).intoMemorySegment(y, oy, NO);
            }
            axpbyScalar(n - i, alpha, x, xOff + i, 1, beta, y, yOff + i, 1, true);
        }
    }

    private static void axpbyScalar(int n, double alpha, MemorySegment x, long ix, int incx, double beta,
                                    MemorySegment y, long iy, int incy, boolean f32) {
        for (int k = 0; k < n; k++, ix += incx, iy += incy) {
            double by = beta == 0 ? 0 : beta == 1 ? ElementAccess.get(y, iy, f32) : beta * ElementAccess.get(y, iy, f32);
            ElementAccess.set(y, iy, alpha == 0 ? by : Math.fma(alpha, ElementAccess.get(x, ix, f32), by), f32);
        }
    }

    // ---------------------------------------------------------------- scal, copy, swap

    /**
     * {@code x ← α·x}, multiplying every element as the reference BLAS does (NaN and ∞ in x stay
     * NaN for α = 0).
     *
     * @throws IllegalArgumentException if {@code n < 0}, inc is 0 or x is read-only
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static void dscal(int n, double alpha, MemorySegment x, long xOff, int incx) {
        checkOut("x", n, x, xOff, incx, false);
        if (incx != 1 && incx != -1) {
            scalScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, false);
            return;
        }
        for (int i = 0, ub = D.loopBound(n); i < ub; i += DL) {
            long o = (xOff + i) * 8;
            DoubleVector.fromMemorySegment(D, x, o, NO).mul(alpha).intoMemorySegment(x, o, NO);
        }
        int done = D.loopBound(n);
        scalScalar(n - done, alpha, x, xOff + done, 1, false);
    }

    /** Float32 twin of {@link #dscal}. */
    public static void sscal(int n, float alpha, MemorySegment x, long xOff, int incx) {
        checkOut("x", n, x, xOff, incx, true);
        if (incx != 1 && incx != -1) {
            scalScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, true);
            return;
        }
        for (int i = 0, ub = F.loopBound(n); i < ub; i += FL) {
            long o = (xOff + i) * 4;
            FloatVector.fromMemorySegment(F, x, o, NO).mul(alpha).intoMemorySegment(x, o, NO);
        }
        int done = F.loopBound(n);
        scalScalar(n - done, alpha, x, xOff + done, 1, true);
    }

    /** Unit stride {@code y ← a·x} (a = 0: zeros, x not read); x may be y. */
    private static void scaleD(int n, double a, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        if (a == 0) {
            // Stores of zero rather than asSlice(..).fill(0): the slice is an object that C2 does not
            // always scalar-replace (seen as 40 B per call, failing allocation tests of callers).
            DoubleVector z = DoubleVector.zero(D);
            int i = 0;
            for (int ub = D.loopBound(n); i < ub; i += DL) {
                z.intoMemorySegment(y, (yOff + i) * 8, NO);
            }
            for (; i < n; i++) {
                ElementAccess.set(y, yOff + i, 0.0, false);
            }
            return;
        }
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO).mul(a).intoMemorySegment(y, (yOff + i) * 8, NO);
        }
        for (; i < n; i++) {
            ElementAccess.set(y, yOff + i, a * ElementAccess.get(x, xOff + i, false), false);
        }
    }

    private static void scaleF(int n, float a, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        if (a == 0) {
            FloatVector z = FloatVector.zero(F); // see scaleD
            int i = 0;
            for (int ub = F.loopBound(n); i < ub; i += FL) {
                z.intoMemorySegment(y, (yOff + i) * 4, NO);
            }
            for (; i < n; i++) {
                ElementAccess.set(y, yOff + i, 0.0, true);
            }
            return;
        }
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO).mul(a).intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        for (; i < n; i++) {
            ElementAccess.set(y, yOff + i, a * ElementAccess.get(x, xOff + i, true), true);
        }
    }

    private static void scalScalar(int n, double alpha, MemorySegment x, long ix, int incx, boolean f32) {
        for (int k = 0; k < n; k++, ix += incx) {
            ElementAccess.set(x, ix, alpha * ElementAccess.get(x, ix, f32), f32);
        }
    }

    /**
     * {@code y ← x}. Unit strides use a bulk segment copy.
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or y is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void dcopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        copy(n, x, xOff, incx, y, yOff, incy, false);
    }

    /** Float32 twin of {@link #dcopy}. */
    public static void scopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        copy(n, x, xOff, incx, y, yOff, incy, true);
    }

    private static void copy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                             boolean f32) {
        checkPair(n, x, xOff, incx, y, yOff, incy, f32, true);
        int b = ElementAccess.bytes(f32);
        if (unit(incx, incy)) {
            MemorySegment.copy(x, xOff * b, y, yOff * b, (long) n * b);
            return;
        }
        long ix = firstIndex(xOff, n, incx), iy = firstIndex(yOff, n, incy);
        for (int k = 0; k < n; k++, ix += incx, iy += incy) {
            ElementAccess.set(y, iy, ElementAccess.get(x, ix, f32), f32);
        }
    }

    /**
     * {@code x ↔ y}.
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or a vector is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void dswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, false, true);
        Checks.writable("x", x);
        int i = 0;
        if (unit(incx, incy)) {
            for (int ub = D.loopBound(n); i < ub; i += DL) {
                long ox = (xOff + i) * 8, oy = (yOff + i) * 8;
                DoubleVector vx = DoubleVector.fromMemorySegment(D, x, ox, NO);
                DoubleVector.fromMemorySegment(D, y, oy, NO).intoMemorySegment(x, ox, NO);
                vx.intoMemorySegment(y, oy, NO);
            }
            swapScalar(n - i, x, xOff + i, 1, y, yOff + i, 1, false);
        } else {
            swapScalar(n, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, false);
        }
    }

    /** Float32 twin of {@link #dswap}. */
    public static void sswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkPair(n, x, xOff, incx, y, yOff, incy, true, true);
        Checks.writable("x", x);
        int i = 0;
        if (unit(incx, incy)) {
            for (int ub = F.loopBound(n); i < ub; i += FL) {
                long ox = (xOff + i) * 4, oy = (yOff + i) * 4;
                FloatVector vx = FloatVector.fromMemorySegment(F, x, ox, NO);
                FloatVector.fromMemorySegment(F, y, oy, NO).intoMemorySegment(x, ox, NO);
                vx.intoMemorySegment(y, oy, NO);
            }
            swapScalar(n - i, x, xOff + i, 1, y, yOff + i, 1, true);
        } else {
            swapScalar(n, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, true);
        }
    }

    private static void swapScalar(int n, MemorySegment x, long ix, int incx, MemorySegment y, long iy, int incy,
                                   boolean f32) {
        for (int k = 0; k < n; k++, ix += incx, iy += incy) {
            double t = ElementAccess.get(x, ix, f32);
            ElementAccess.set(x, ix, ElementAccess.get(y, iy, f32), f32);
            ElementAccess.set(y, iy, t, f32);
        }
    }

    // ---------------------------------------------------------------- nrm2

    /**
     * Euclidean norm {@code sqrt(Σ x_k²)} without harmful overflow or underflow: a fast sum of
     * squares is kept when it is finite and large enough that underflowed squares cannot matter
     * (≥ n·2⁻⁹⁶⁸); otherwise (elements beyond ~1e±154) a second pass scales by a power of two taken
     * from {@code max|x_k|}, as the reference BLAS / LAPACK {@code dnrm2} guards against over- and
     * underflow. Relative error about {@code (n/(4·lanes) + 8)·u}. Any NaN gives NaN; otherwise any
     * ±∞ gives +∞.
     *
     * @throws IllegalArgumentException if {@code n < 0} or inc is 0
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static double dnrm2(int n, MemorySegment x, long xOff, int incx) {
        Checks.vector("x", x, xOff, n, incx, 8);
        double ss;
        if (incx == 1 || incx == -1) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            int i = 0;
            for (int ub = n - n % (4 * DL); i < ub; i += 4 * DL) {
                long o = (xOff + i) * 8;
                DoubleVector v0 = DoubleVector.fromMemorySegment(D, x, o, NO), v1 = DoubleVector.fromMemorySegment(D, x, o + 8L * DL, NO), v2 = DoubleVector.fromMemorySegment(D, x, o + 16L * DL, NO), v3 = DoubleVector.fromMemorySegment(D, x, o + 24L * DL, NO);
                a0 = v0.fma(v0, a0);
                a1 = v1.fma(v1, a1);
                a2 = v2.fma(v2, a2);
                a3 = v3.fma(v3, a3);
            }
            for (int ub = D.loopBound(n); i < ub; i += DL) {
                DoubleVector v = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO);
                a0 = v.fma(v, a0);
            }
            ss = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD) + sumSquaresScalar(n - i, x, xOff + i, 1, 1, false);
        } else {
            ss = sumSquaresScalar(n, x, xOff, incx, 1, false);
        }
        if (ss >= n * 0x1p-968 && ss <= Double.MAX_VALUE) {
            return Math.sqrt(ss);
        }
        return nrm2Scaled(n, x, xOff, Math.abs(incx));
    }

    /**
     * Float32 twin of {@link #dnrm2}: squares are accumulated in double, where no float32 value can
     * overflow or underflow, so one pass suffices and the result is within about 1 ulp (float32).
     */
    public static float snrm2(int n, MemorySegment x, long xOff, int incx) {
        Checks.vector("x", x, xOff, n, incx, 4);
        if (incx != 1 && incx != -1) {
            return (float) Math.sqrt(sumSquaresScalar(n, x, xOff, incx, 1, true));
        }
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            a0 = lo.fma(lo, a0);
            a1 = hi.fma(hi, a1);
        }
        return (float) Math.sqrt(a0.add(a1).reduceLanes(VectorOperators.ADD)
                + sumSquaresScalar(n - i, x, xOff + i, 1, 1, true));
    }

    /** {@code Σ (scale·x_k)²} over {@code x[ix + k·|inc|]} (order does not matter for a sum of squares). */
    private static double sumSquaresScalar(int n, MemorySegment x, long ix, int inc, double scale, boolean f32) {
        long step = Math.abs((long) inc);
        double s = 0;
        for (int k = 0; k < n; k++, ix += step) {
            double v = scale * ElementAccess.get(x, ix, f32);
            s = Math.fma(v, v, s);
        }
        return s;
    }

    /** The guarded path: scale by 2^−e with 2^e ≈ max|x| so that neither overflow nor harmful underflow can occur. */
    private static double nrm2Scaled(int n, MemorySegment x, long xOff, int inc) {
        double amax = 0;
        long ix = xOff;
        for (int k = 0; k < n; k++, ix += inc) {
            double a = Math.abs(x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, ix));
            if (a != a) {
                return Double.NaN;
            }
            amax = Math.max(amax, a);
        }
        if (amax == 0 || amax == Double.POSITIVE_INFINITY) {
            return amax;
        }
        // Math.getExponent of a subnormal is −1023: 2^1074 would overflow, so scale subnormals to ≥ 2^-52 only.
        int e = Math.max(Math.getExponent(amax), Double.MIN_EXPONENT);
        double ss = 0;
        ix = xOff;
        for (int k = 0; k < n; k++, ix += inc) {
            double v = Math.scalb(x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, ix), -e);
            ss = Math.fma(v, v, ss);
        }
        return Math.scalb(Math.sqrt(ss), e);
    }

    // ---------------------------------------------------------------- asum, sum, max, iamax

    /**
     * {@code Σ |x_k|}.
     *
     * @throws IllegalArgumentException if {@code n < 0} or inc is 0
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static double dasum(int n, MemorySegment x, long xOff, int incx) {
        return dsumImpl(n, x, xOff, incx, true);
    }

    /** Float32 twin of {@link #dasum}. */
    public static float sasum(int n, MemorySegment x, long xOff, int incx) {
        return ssumImpl(n, x, xOff, incx, true);
    }

    /**
     * {@code Σ x_k} (plain sum; NaN and ∞ propagate as in IEEE arithmetic).
     *
     * @throws IllegalArgumentException if {@code n < 0} or inc is 0
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static double dsum(int n, MemorySegment x, long xOff, int incx) {
        return dsumImpl(n, x, xOff, incx, false);
    }

    /** Float32 twin of {@link #dsum}. */
    public static float ssum(int n, MemorySegment x, long xOff, int incx) {
        return ssumImpl(n, x, xOff, incx, false);
    }

    private static double dsumImpl(int n, MemorySegment x, long xOff, int incx, boolean abs) {
        Checks.vector("x", x, xOff, n, incx, 8);
        if (incx != 1 && incx != -1) {
            return sumScalar(n, x, xOff, Math.abs(incx), abs, false);
        }
        // |v| as v AND ~signbit, v itself as v AND ~0: one loop without a vector-valued branch (a phi of
        // vectors that C2 cannot merge would box).
        long mask = abs ? Long.MAX_VALUE : -1L;
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int ub = n - n % (4 * DL); i < ub; i += 4 * DL) {
            long o = (xOff + i) * 8;
            a0 = a0.add(DoubleVector.fromMemorySegment(D, x, o, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
            a1 = a1.add(DoubleVector.fromMemorySegment(D, x, o + 8L * DL, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
            a2 = a2.add(DoubleVector.fromMemorySegment(D, x, o + 16L * DL, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
            a3 = a3.add(DoubleVector.fromMemorySegment(D, x, o + 24L * DL, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
        }
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            a0 = a0.add(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD) + sumScalar(n - i, x, xOff + i, 1, abs, false);
    }

    private static float ssumImpl(int n, MemorySegment x, long xOff, int incx, boolean abs) {
        Checks.vector("x", x, xOff, n, incx, 4);
        if (incx != 1 && incx != -1) {
            return (float) sumScalar(n, x, xOff, Math.abs(incx), abs, true);
        }
        int mask = abs ? Integer.MAX_VALUE : -1;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int ub = n - n % (4 * FL); i < ub; i += 4 * FL) {
            long o = (xOff + i) * 4;
            a0 = a0.add(FloatVector.fromMemorySegment(F, x, o, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
            a1 = a1.add(FloatVector.fromMemorySegment(F, x, o + 4L * FL, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
            a2 = a2.add(FloatVector.fromMemorySegment(F, x, o + 8L * FL, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
            a3 = a3.add(FloatVector.fromMemorySegment(F, x, o + 12L * FL, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
        }
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
        }
        return (float) (a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD)
                + sumScalar(n - i, x, xOff + i, 1, abs, true));
    }

    private static double sumScalar(int n, MemorySegment x, long ix, int step, boolean abs, boolean f32) {
        double s = 0;
        for (int k = 0; k < n; k++, ix += step) {
            double v = ElementAccess.get(x, ix, f32);
            s += abs ? Math.abs(v) : v;
        }
        return s;
    }

    /**
     * {@code max_k x_k} with {@link Math#max} semantics: any NaN gives NaN; −∞ for {@code n = 0}.
     *
     * @throws IllegalArgumentException if {@code n < 0} or inc is 0
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static double dmax(int n, MemorySegment x, long xOff, int incx) {
        return dmaxImpl(n, x, xOff, incx, false);
    }

    /** Float32 twin of {@link #dmax}. */
    public static float smax(int n, MemorySegment x, long xOff, int incx) {
        return smaxImpl(n, x, xOff, incx, false);
    }

    private static double dmaxImpl(int n, MemorySegment x, long xOff, int incx, boolean abs) {
        Checks.vector("x", x, xOff, n, incx, 8);
        if (incx != 1 && incx != -1) {
            return maxScalar(n, x, xOff, Math.abs(incx), abs, false);
        }
        long mask = abs ? Long.MAX_VALUE : -1L;
        DoubleVector a0 = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY), a1 = a0;
        int i = 0;
        for (int ub = n - n % (2 * DL); i < ub; i += 2 * DL) {
            long o = (xOff + i) * 8;
            a0 = a0.lanewise(VectorOperators.MAX, DoubleVector.fromMemorySegment(D, x, o, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
            a1 = a1.lanewise(VectorOperators.MAX, DoubleVector.fromMemorySegment(D, x, o + 8L * DL, NO).reinterpretAsLongs().and(mask).reinterpretAsDoubles());
        }
        return Math.max(a0.lanewise(VectorOperators.MAX, a1).reduceLanes(VectorOperators.MAX),
                maxScalar(n - i, x, xOff + i, 1, abs, false));
    }

    private static float smaxImpl(int n, MemorySegment x, long xOff, int incx, boolean abs) {
        Checks.vector("x", x, xOff, n, incx, 4);
        if (incx != 1 && incx != -1) {
            return (float) maxScalar(n, x, xOff, Math.abs(incx), abs, true);
        }
        int mask = abs ? Integer.MAX_VALUE : -1;
        FloatVector a0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), a1 = a0;
        int i = 0;
        for (int ub = n - n % (2 * FL); i < ub; i += 2 * FL) {
            long o = (xOff + i) * 4;
            a0 = a0.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(F, x, o, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
            a1 = a1.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(F, x, o + 4L * FL, NO).reinterpretAsInts().and(mask).reinterpretAsFloats());
        }
        return (float) Math.max(a0.lanewise(VectorOperators.MAX, a1).reduceLanes(VectorOperators.MAX),
                maxScalar(n - i, x, xOff + i, 1, abs, true));
    }

    private static double maxScalar(int n, MemorySegment x, long ix, int step, boolean abs, boolean f32) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++, ix += step) {
            double v = ElementAccess.get(x, ix, f32);
            m = Math.max(m, abs ? Math.abs(v) : v);
        }
        return m;
    }

    /**
     * The position {@code k ∈ [0, n)} (in the BLAS walk order, so k = 0 is the element at the
     * lowest address for a positive increment and at the highest for a negative one) of the first
     * element of largest {@code |x_k|}; {@code −1} for {@code n = 0}. Zero-based, unlike Fortran's
     * {@code idamax}. If x holds a NaN, the position of the first NaN (as NumPy's {@code argmax};
     * the reference BLAS skips NaNs unless one comes first).
     *
     * @throws IllegalArgumentException if {@code n < 0} or inc is 0
     * @throws IndexOutOfBoundsException if x does not fit its segment
     */
    public static int idamax(int n, MemorySegment x, long xOff, int incx) {
        if (incx != 1) {
            Checks.vector("x", x, xOff, n, incx, 8);
            return iamaxScalar(n, x, firstIndex(xOff, n, incx), incx, false);
        }
        double amax = dmaxImpl(n, x, xOff, incx, true);
        if (n == 0) {
            return -1;
        }
        DoubleVector target = DoubleVector.broadcast(D, amax);
        boolean nan = amax != amax;
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector v = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO);
            VectorMask<Double> hit = nan ? v.test(VectorOperators.IS_NAN) : v.abs().compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        return i + iamaxScalar(n - i, x, xOff + i, 1, false);
    }

    /** Float32 twin of {@link #idamax}. */
    public static int isamax(int n, MemorySegment x, long xOff, int incx) {
        if (incx != 1) {
            Checks.vector("x", x, xOff, n, incx, 4);
            return iamaxScalar(n, x, firstIndex(xOff, n, incx), incx, true);
        }
        float amax = smaxImpl(n, x, xOff, incx, true);
        if (n == 0) {
            return -1;
        }
        FloatVector target = FloatVector.broadcast(F, amax);
        boolean nan = amax != amax;
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.abs().compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        return i + iamaxScalar(n - i, x, xOff + i, 1, true);
    }

    private static int iamaxScalar(int n, MemorySegment x, long ix, int inc, boolean f32) {
        int best = n == 0 ? -1 : 0;
        double bestAbs = -1;
        for (int k = 0; k < n; k++, ix += inc) {
            double a = Math.abs(ElementAccess.get(x, ix, f32));
            if (a != a) {
                return k;
            }
            if (a > bestAbs) {
                best = k;
                bestAbs = a;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- element-wise product and fma

    /**
     * Element-wise product {@code z_k ← x_k·y_k}.
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or z is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void dmul(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                            MemorySegment z, long zOff, int incz) {
        dfmaImpl(n, 1, x, xOff, incx, y, yOff, incy, 0, z, zOff, incz);
    }

    /** Float32 twin of {@link #dmul}. */
    public static void smul(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                            MemorySegment z, long zOff, int incz) {
        sfmaImpl(n, 1, x, xOff, incx, y, yOff, incy, 0, z, zOff, incz);
    }

    /**
     * Element-wise fused multiply-add {@code z_k ← fma(α·x_k, y_k, z_k)}, i.e. {@code z ← z + α·x⊙y}
     * with one rounding after the product-sum ({@code α·x_k} is rounded first unless α = ±1).
     *
     * @throws IllegalArgumentException if {@code n < 0}, an increment is 0 or z is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void dfma(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                            int incy, MemorySegment z, long zOff, int incz) {
        dfmaImpl(n, alpha, x, xOff, incx, y, yOff, incy, 1, z, zOff, incz);
    }

    /** Float32 twin of {@link #dfma}. */
    public static void sfma(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                            int incy, MemorySegment z, long zOff, int incz) {
        sfmaImpl(n, alpha, x, xOff, incx, y, yOff, incy, 1, z, zOff, incz);
    }

    /** {@code z ← α·x⊙y + β·z} with β ∈ {0, 1} (β = 0: z not read). */
    private static void dfmaImpl(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                                 int incy, int beta, MemorySegment z, long zOff, int incz) {
        checkTriple(n, x, xOff, incx, y, yOff, incy, z, zOff, incz, false);
        if (!(unit(incx, incy) && incz == incx)) {
            fmaScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, beta,
                    z, firstIndex(zOff, n, incz), incz, false);
            return;
        }
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int i = 0, ub = D.loopBound(n);
        if (beta == 0) { // two loops: a vector-valued branch inside one would box
            for (; i < ub; i += DL) {
                va.mul(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO)).mul(DoubleVector.fromMemorySegment(D, y, (yOff + i) * 8, NO)).intoMemorySegment(z, (zOff + i) * 8, NO);
            }
        } else {
            for (; i < ub; i += DL) {
                long oz = (zOff + i) * 8;
                va.mul(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO)).fma(DoubleVector.fromMemorySegment(D, y, (yOff + i) * 8, NO), DoubleVector.fromMemorySegment(D, z, oz, NO)).intoMemorySegment(z, oz, NO);
            }
        }
        fmaScalar(n - i, alpha, x, xOff + i, 1, y, yOff + i, 1, beta, z, zOff + i, 1, false);
    }

    private static void sfmaImpl(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                                 int incy, int beta, MemorySegment z, long zOff, int incz) {
        checkTriple(n, x, xOff, incx, y, yOff, incy, z, zOff, incz, true);
        if (!(unit(incx, incy) && incz == incx)) {
            fmaScalar(n, alpha, x, firstIndex(xOff, n, incx), incx, y, firstIndex(yOff, n, incy), incy, beta,
                    z, firstIndex(zOff, n, incz), incz, true);
            return;
        }
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0, ub = F.loopBound(n);
        if (beta == 0) {
            for (; i < ub; i += FL) {
                va.mul(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO)).mul(FloatVector.fromMemorySegment(F, y, (yOff + i) * 4, NO)).intoMemorySegment(z, (zOff + i) * 4, NO);
            }
        } else {
            for (; i < ub; i += FL) {
                long oz = (zOff + i) * 4;
                va.mul(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO)).fma(FloatVector.fromMemorySegment(F, y, (yOff + i) * 4, NO), FloatVector.fromMemorySegment(F, z, oz, NO)).intoMemorySegment(z, oz, NO);
            }
        }
        fmaScalar(n - i, alpha, x, xOff + i, 1, y, yOff + i, 1, beta, z, zOff + i, 1, true);
    }

    private static void fmaScalar(int n, double alpha, MemorySegment x, long ix, int incx, MemorySegment y, long iy,
                                  int incy, int beta, MemorySegment z, long iz, int incz, boolean f32) {
        for (int k = 0; k < n; k++, ix += incx, iy += incy, iz += incz) {
            // Round α·x to the output precision first, as the vector path does.
            double ax = f32 ? (float) (alpha * ElementAccess.get(x, ix, true)) : alpha * ElementAccess.get(x, ix, false);
            double yv = ElementAccess.get(y, iy, f32);
            ElementAccess.set(z, iz, beta == 0 ? ax * yv : Math.fma(ax, yv, ElementAccess.get(z, iz, f32)), f32);
        }
    }

    // ---------------------------------------------------------------- shared

    private static boolean unit(int incx, int incy) {
        return incx == incy && (incx == 1 || incx == -1);
    }

    private static void checkPair(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                                  boolean f32, boolean writesY) {
        int b = ElementAccess.bytes(f32);
        Checks.vector("x", x, xOff, n, incx, b);
        Checks.vector("y", y, yOff, n, incy, b);
        if (writesY) {
            Checks.writable("y", y);
        }
    }

    private static void checkOut(String name, int n, MemorySegment x, long xOff, int incx, boolean f32) {
        Checks.vector(name, x, xOff, n, incx, ElementAccess.bytes(f32));
        Checks.writable(name, x);
    }

    private static void checkTriple(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                                    MemorySegment z, long zOff, int incz, boolean f32) {
        checkPair(n, x, xOff, incx, y, yOff, incy, f32, false);
        checkOut("z", n, z, zOff, incz, f32);
    }
}
