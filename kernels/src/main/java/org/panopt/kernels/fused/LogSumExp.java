package org.panopt.kernels.fused;

import static org.panopt.kernels.fused.VectorExp.D;
import static org.panopt.kernels.fused.VectorExp.F;
import static org.panopt.kernels.fused.VectorExp.expNonPositive;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;

/**
 * Row- and column-wise log-sum-exp of {@code z_ij = (v − C_ij)/ε + w} over a column-major matrix
 * (or a tile of one), the reduction at the heart of log-domain Sinkhorn (SPEC §2a) and of entropic
 * potentials (§2c):
 * <ul>
 *   <li>row-wise: {@code out_i = LSE_j((v_j − C_ij)/ε + w_j)}, v and w of length {@code cols};</li>
 *   <li>column-wise: {@code out_j = LSE_i((v_i − C_ij)/ε + w_i)}, v and w of length {@code rows}.</li>
 * </ul>
 * {@code z} is evaluated as {@code fma(v − C, 1/ε, w)} (1/ε rounded once); {@code LSE(z) = m +
 * log Σ exp(z − m)} with m the maximum.
 *
 * <p><b>Accumulating form.</b> A streaming caller (a cost matrix computed tile by tile) keeps, per
 * output, a running maximum and a running sum of {@code exp(z − max)} in two caller-provided vectors:
 * {@code *init} sets them to (−∞, 0), each {@code *Accumulate} call folds one tile in (rows or columns
 * of the tile, with the matching slices of v, w and of the state), and {@code *finish} writes
 * {@code max + log(sum)}. The one-shot methods ({@link #drow}, {@link #dcol}, …) are exactly
 * init + accumulate + finish. Every element costs one exponential: the sum is rescaled only where a
 * maximum grows (a rare branch once the maximum has settled). Row-wise, up to eight columns are
 * summed into a partial sum before it meets the running sum (a blocked sum); column-wise, each lane
 * sums a strided share of the rows. Nothing is allocated (caller-provided state, no boxing: see
 * {@code AllocationTest}).
 *
 * <p><b>Layout.</b> C is {@code rows × cols} at element offset {@code cOff} with leading dimension
 * {@code ldc ≥ max(1, rows)}; v, w, the state and out are contiguous (unit stride). Row-wise runs down
 * each column with the vector over rows (contiguous); column-wise runs down each column too, with
 * lanes holding partial states that are combined at the column's end.
 *
 * <p><b>Special values</b> (as a careful scalar reference): an output whose z are all −∞ (or an
 * empty reduction) is −∞; any NaN among its z gives NaN; otherwise any +∞ gives +∞.
 *
 * <p><b>Precision</b> (measured by {@code LogSumExpTest} against a careful scalar reference on the
 * same z: its maximum, a compensated sum of {@link Math#exp}(z − max) in double, {@link Math#log}):
 * the error is at most 2 ulp of {@code max(|out|, |max z|, 1)} in f64 and in f32 (measured: 1.0 ulp
 * over the shape suite, 0.75 (f64) and 0.45 (f32) over 4000-term reductions). That scale is the
 * natural one: each z is itself rounded to ulp(|z|), and {@code max + log(sum)} cancels when the
 * maximum is large and negative. The exponential is {@link VectorExp}'s (&lt; 1 ulp f64, 1.03 ulp f32,
 * arguments below −708 (f32: −86) clamped to contribute ~1e-308 (f32: ~4e-38) to a sum ≥ 1).
 *
 * <p><b>Throws</b> {@link IllegalArgumentException} for negative sizes, {@code ldc < max(1, rows)},
 * ε not finite and > 0, or a read-only output; {@link IndexOutOfBoundsException} if an operand does
 * not fit its segment — always before any memory is touched.
 */
public final class LogSumExp {
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private LogSumExp() {
    }

    // ---------------------------------------------------------------- one-shot

    /**
     * Row-wise LSE: {@code out_i = LSE_j((v_j − C_ij)/ε + w_j)} for {@code i < rows}.
     *
     * @param scratch {@code rows} doubles of workspace (the running sums)
     */
    public static void drow(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                            MemorySegment w, long wOff, double eps, MemorySegment out, long outOff,
                            MemorySegment scratch, long scratchOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, out, outOff, scratch, scratchOff, true, false);
        init(rows, out, outOff, scratch, scratchOff, false);
        rowD(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, out, outOff, scratch, scratchOff);
        finish(rows, out, outOff, scratch, scratchOff, out, outOff, false);
    }

    /** Float32 twin of {@link #drow}. */
    public static void srow(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                            MemorySegment w, long wOff, float eps, MemorySegment out, long outOff,
                            MemorySegment scratch, long scratchOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, out, outOff, scratch, scratchOff, true, true);
        init(rows, out, outOff, scratch, scratchOff, true);
        rowF(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, out, outOff, scratch, scratchOff);
        finish(rows, out, outOff, scratch, scratchOff, out, outOff, true);
    }

    /**
     * Column-wise LSE: {@code out_j = LSE_i((v_i − C_ij)/ε + w_i)} for {@code j < cols}.
     *
     * @param scratch {@code cols} doubles of workspace (the running sums)
     */
    public static void dcol(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                            MemorySegment w, long wOff, double eps, MemorySegment out, long outOff,
                            MemorySegment scratch, long scratchOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, out, outOff, scratch, scratchOff, false, false);
        init(cols, out, outOff, scratch, scratchOff, false);
        colD(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, out, outOff, scratch, scratchOff);
        finish(cols, out, outOff, scratch, scratchOff, out, outOff, false);
    }

    /** Float32 twin of {@link #dcol}. */
    public static void scol(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                            MemorySegment w, long wOff, float eps, MemorySegment out, long outOff,
                            MemorySegment scratch, long scratchOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, out, outOff, scratch, scratchOff, false, true);
        init(cols, out, outOff, scratch, scratchOff, true);
        colF(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, out, outOff, scratch, scratchOff);
        finish(cols, out, outOff, scratch, scratchOff, out, outOff, true);
    }

    // ---------------------------------------------------------------- accumulating form

    /**
     * Resets {@code n} running states: {@code max ← −∞}, {@code sum ← 0}.
     *
     * @throws IllegalArgumentException if {@code n < 0} or a segment is read-only
     * @throws IndexOutOfBoundsException if a state vector does not fit its segment
     */
    public static void dinit(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff) {
        checkState(n, max, maxOff, sum, sumOff, false);
        init(n, max, maxOff, sum, sumOff, false);
    }

    /** Float32 twin of {@link #dinit}. */
    public static void sinit(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff) {
        checkState(n, max, maxOff, sum, sumOff, true);
        init(n, max, maxOff, sum, sumOff, true);
    }

    /**
     * Folds a tile into row states: for {@code i < rows}, the running (max, sum) of row i takes in
     * {@code z_ij = (v_j − C_ij)/ε + w_j} for {@code j < cols}. The state vectors have {@code rows}
     * elements; v and w have {@code cols}.
     */
    public static void drowAccumulate(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                      long vOff, MemorySegment w, long wOff, double eps, MemorySegment max,
                                      long maxOff, MemorySegment sum, long sumOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, max, maxOff, sum, sumOff, true, false);
        rowD(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, max, maxOff, sum, sumOff);
    }

    /** Float32 twin of {@link #drowAccumulate}. */
    public static void srowAccumulate(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                      long vOff, MemorySegment w, long wOff, float eps, MemorySegment max,
                                      long maxOff, MemorySegment sum, long sumOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, max, maxOff, sum, sumOff, true, true);
        rowF(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, max, maxOff, sum, sumOff);
    }

    /**
     * Folds a tile into column states: for {@code j < cols}, the running (max, sum) of column j
     * takes in {@code z_ij = (v_i − C_ij)/ε + w_i} for {@code i < rows}. The state vectors have
     * {@code cols} elements; v and w have {@code rows}.
     */
    public static void dcolAccumulate(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                      long vOff, MemorySegment w, long wOff, double eps, MemorySegment max,
                                      long maxOff, MemorySegment sum, long sumOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, max, maxOff, sum, sumOff, false, false);
        colD(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, max, maxOff, sum, sumOff);
    }

    /** Float32 twin of {@link #dcolAccumulate}. */
    public static void scolAccumulate(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                      long vOff, MemorySegment w, long wOff, float eps, MemorySegment max,
                                      long maxOff, MemorySegment sum, long sumOff) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, max, maxOff, sum, sumOff, false, true);
        colF(rows, cols, c, cOff, ldc, v, vOff, w, wOff, 1 / eps, max, maxOff, sum, sumOff);
    }

    /**
     * {@code out_k ← max_k + log(sum_k)} for {@code k < n} (or {@code max_k} itself when it is not
     * finite: −∞, +∞ or NaN). {@code out} may be the {@code max} vector.
     *
     * @throws IllegalArgumentException if {@code n < 0} or out is read-only
     * @throws IndexOutOfBoundsException if a vector does not fit its segment
     */
    public static void dfinish(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff,
                               MemorySegment out, long outOff) {
        checkState(n, max, maxOff, sum, sumOff, false);
        Checks.vector("out", out, outOff, n, 1, 8);
        Checks.writable("out", out);
        finish(n, max, maxOff, sum, sumOff, out, outOff, false);
    }

    /** Float32 twin of {@link #dfinish}. */
    public static void sfinish(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff,
                               MemorySegment out, long outOff) {
        checkState(n, max, maxOff, sum, sumOff, true);
        Checks.vector("out", out, outOff, n, 1, 4);
        Checks.writable("out", out);
        finish(n, max, maxOff, sum, sumOff, out, outOff, true);
    }

    // ---------------------------------------------------------------- kernels

    /*
     * Row-wise: for a tile of up to TILE columns, each vector of rows keeps its state (m, s) in
     * registers while it walks the tile's columns (TILE sequential streams, one cache line each per
     * step), then stores it. Per row, LSE = m + log s. A new element z ≤ m adds exp(z − m) to the
     * tile's partial sum t; where z > m (or a lane is fresh, NaN or infinite) the rare branch raises
     * m with NaN-propagating max and rescales s and t by the same exponential. t joins s at the
     * tile's end (a blocked sum). A single exp call site keeps the compiled loop well inside C2's
     * inlining budget (two sites overflowed it once the segment types seen were polymorphic, and the
     * second exp then boxed every vector).
     */
    private static final int TILE = 8;
    private static final DoubleVector ONE_8 = DoubleVector.broadcast(D, 1.0);
    private static final FloatVector ONE_4 = FloatVector.broadcast(F, 1.0f);

    private static void rowD(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                             MemorySegment w, long wOff, double ie, MemorySegment mx, long mOff, MemorySegment sm,
                             long sOff) {
        DoubleVector vie = DoubleVector.broadcast(D, ie);
        int ub = D.loopBound(rows);
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = 0; i < ub; i += DL) {
                long om = (mOff + i) * 8, os = (sOff + i) * 8;
                DoubleVector m = DoubleVector.fromMemorySegment(D, mx, om, NO);
                DoubleVector s = DoubleVector.fromMemorySegment(D, sm, os, NO), t = DoubleVector.zero(D);
                for (int j = j0; j < j1; j++) {
                    DoubleVector z = DoubleVector.broadcast(D, v.getAtIndex(DOUBLE, vOff + j))
                            .sub(DoubleVector.fromMemorySegment(D, c, (cOff + i + (long) j * ldc) * 8, NO))
                            .fma(vie, DoubleVector.broadcast(D, w.getAtIndex(DOUBLE, wOff + j)));
                    // One exponential per element: a = exp(−|z − m|) is the new term where z ≤ m, and
                    // the rescaling factor exp(m − z) where z > m (whose own term is then exp(0) = 1).
                    DoubleVector d = z.sub(m);
                    DoubleVector a = expNonPositive(d.reinterpretAsLongs().or(0x8000000000000000L).reinterpretAsDoubles());
                    if (d.compare(VectorOperators.LE, 0).allTrue()) {
                        t = t.add(a);
                    } else { // a new maximum in some lane (or a fresh lane, a NaN, an infinity)
                        VectorMask<Double> up = d.compare(VectorOperators.GT, 0);
                        t = t.add(a).blend(t.fma(a, ONE_8), up);
                        s = s.blend(s.mul(a), up);
                        m = m.lanewise(VectorOperators.MAX, z);
                    }
                }
                m.intoMemorySegment(mx, om, NO);
                s.add(t).intoMemorySegment(sm, os, NO);
            }
            for (int i = ub; i < rows; i++) {
                foldScalar(j1 - j0, c, cOff + i + (long) j0 * ldc, ldc, v, vOff + j0, w, wOff + j0, ie, mx, mOff + i, sm,
                        sOff + i, false);
            }
        }
    }

    private static void rowF(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                             MemorySegment w, long wOff, float ie, MemorySegment mx, long mOff, MemorySegment sm,
                             long sOff) {
        FloatVector vie = FloatVector.broadcast(F, ie);
        int ub = F.loopBound(rows);
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = 0; i < ub; i += FL) {
                long om = (mOff + i) * 4, os = (sOff + i) * 4;
                FloatVector m = FloatVector.fromMemorySegment(F, mx, om, NO);
                FloatVector s = FloatVector.fromMemorySegment(F, sm, os, NO), t = FloatVector.zero(F);
                for (int j = j0; j < j1; j++) {
                    FloatVector z = FloatVector.broadcast(F, v.getAtIndex(FLOAT, vOff + j))
                            .sub(FloatVector.fromMemorySegment(F, c, (cOff + i + (long) j * ldc) * 4, NO))
                            .fma(vie, FloatVector.broadcast(F, w.getAtIndex(FLOAT, wOff + j)));
                    // One exponential per element: a = exp(−|z − m|) is the new term where z ≤ m, and
                    // the rescaling factor exp(m − z) where z > m (whose own term is then exp(0) = 1).
                    FloatVector d = z.sub(m);
                    FloatVector a = expNonPositive(d.reinterpretAsInts().or(0x80000000).reinterpretAsFloats());
                    if (d.compare(VectorOperators.LE, 0).allTrue()) {
                        t = t.add(a);
                    } else { // a new maximum in some lane (or a fresh lane, a NaN, an infinity)
                        VectorMask<Float> up = d.compare(VectorOperators.GT, 0);
                        t = t.add(a).blend(t.fma(a, ONE_4), up);
                        s = s.blend(s.mul(a), up);
                        m = m.lanewise(VectorOperators.MAX, z);
                    }
                }
                m.intoMemorySegment(mx, om, NO);
                s.add(t).intoMemorySegment(sm, os, NO);
            }
            for (int i = ub; i < rows; i++) {
                foldScalar(j1 - j0, c, cOff + i + (long) j0 * ldc, ldc, v, vOff + j0, w, wOff + j0, ie, mx, mOff + i, sm,
                        sOff + i, true);
            }
        }
    }

    /*
     * Column-wise: per column, the lanes keep partial sums s relative to one shared maximum m (the
     * same value in every lane: a new maximum anywhere in the vector raises all lanes, which needs no
     * exponential when the lanes are combined); at the column's end the lane sums are added and merged
     * into the column's running state, then the last rows % lanes elements are folded in by the scalar
     * code.
     */
    private static void colD(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                             MemorySegment w, long wOff, double ie, MemorySegment mx, long mOff, MemorySegment sm,
                             long sOff) {
        DoubleVector vie = DoubleVector.broadcast(D, ie), ninf = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        int ub = D.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            long cj = (cOff + (long) j * ldc) * 8;
            DoubleVector m = ninf, s = DoubleVector.zero(D);
            for (int i = 0; i < ub; i += DL) {
                DoubleVector z = DoubleVector.fromMemorySegment(D, v, (vOff + i) * 8, NO)
                        .sub(DoubleVector.fromMemorySegment(D, c, cj + i * 8L, NO))
                        .fma(vie, DoubleVector.fromMemorySegment(D, w, (wOff + i) * 8, NO));
                if (!z.compare(VectorOperators.LE, m).allTrue()) {
                    // A new maximum (shared by all lanes): one scalar exponential rescales every lane.
                    double mOld = m.lane(0), mNew = Math.max(mOld, z.reduceLanes(VectorOperators.MAX));
                    s = s.mul((double) expOrZero(mOld - mNew));
                    m = DoubleVector.broadcast(D, mNew);
                }
                s = s.add(expNonPositive(z.sub(m)));
            }
            merge(mx, mOff + j, sm, sOff + j, m.lane(0), s.reduceLanes(VectorOperators.ADD), false);
            foldScalar(rows - ub, c, cOff + ub + (long) j * ldc, 1, v, vOff + ub, w, wOff + ub, ie, mx, mOff + j, sm,
                    sOff + j, false);
        }
    }

    private static void colF(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                             MemorySegment w, long wOff, float ie, MemorySegment mx, long mOff, MemorySegment sm,
                             long sOff) {
        FloatVector vie = FloatVector.broadcast(F, ie), ninf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int ub = F.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            long cj = (cOff + (long) j * ldc) * 4;
            FloatVector m = ninf, s = FloatVector.zero(F);
            for (int i = 0; i < ub; i += FL) {
                FloatVector z = FloatVector.fromMemorySegment(F, v, (vOff + i) * 4, NO)
                        .sub(FloatVector.fromMemorySegment(F, c, cj + i * 4L, NO))
                        .fma(vie, FloatVector.fromMemorySegment(F, w, (wOff + i) * 4, NO));
                if (!z.compare(VectorOperators.LE, m).allTrue()) {
                    // A new maximum (shared by all lanes): one scalar exponential rescales every lane.
                    float mOld = m.lane(0), mNew = Math.max(mOld, z.reduceLanes(VectorOperators.MAX));
                    s = s.mul((float) expOrZero(mOld - mNew));
                    m = FloatVector.broadcast(F, mNew);
                }
                s = s.add(expNonPositive(z.sub(m)));
            }
            merge(mx, mOff + j, sm, sOff + j, m.lane(0), s.reduceLanes(VectorOperators.ADD), true);
            foldScalar(rows - ub, c, cOff + ub + (long) j * ldc, 1, v, vOff + ub, w, wOff + ub, ie, mx, mOff + j, sm,
                    sOff + j, true);
        }
    }

    /**
     * Folds {@code z_k = fma(v[iv+k] − C[ic + k·strideC], ie, w[iw+k])}, {@code k < count}, into the
     * state (mx[im], sm[is]) with the same rule as the vector loops, in scalar double: the row tails
     * (C walked along a row, stride ldc) and the column tails (stride 1).
     */
    private static void foldScalar(int count, MemorySegment c, long ic, long strideC, MemorySegment v, long iv,
                                   MemorySegment w, long iw, double ie, MemorySegment mx, long im, MemorySegment sm,
                                   long is, boolean f32) {
        if (count <= 0) {
            return;
        }
        double m = ElementAccess.get(mx, im, f32), s = ElementAccess.get(sm, is, f32);
        for (int k = 0; k < count; k++, ic += strideC) {
            double z = VectorExp.z(ElementAccess.get(v, iv + k, f32), ElementAccess.get(c, ic, f32), ie,
                    ElementAccess.get(w, iw + k, f32), f32);
            if (!(z <= m)) {
                double mn = Math.max(m, z);
                s *= expOrZero(m - mn);
                m = mn;
            }
            s += expOrZero(z - m);
        }
        ElementAccess.set(mx, im, m, f32);
        ElementAccess.set(sm, is, s, f32);
    }

    /** Merges a partial state (pm, ps) into state k: the same rule as the vector update, in scalar double. */
    private static void merge(MemorySegment mx, long im, MemorySegment sm, long is, double pm, double ps, boolean f32) {
        double m = ElementAccess.get(mx, im, f32), s = ElementAccess.get(sm, is, f32);
        double mn = Math.max(m, pm);
        ElementAccess.set(sm, is, s * expOrZero(m - mn) + ps * expOrZero(pm - mn), f32);
        ElementAccess.set(mx, im, mn, f32);
    }

    /** {@code e^a} for {@code a ≤ 0}; 0 below the clamp of the vector code and for NaN (∞ − ∞). */
    private static double expOrZero(double a) {
        return a >= VectorExp.LO ? Math.exp(a) : 0;
    }

    private static void init(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff, boolean f32) {
        for (int k = 0; k < n; k++) {
            ElementAccess.set(max, maxOff + k, Double.NEGATIVE_INFINITY, f32);
            ElementAccess.set(sum, sumOff + k, 0, f32);
        }
    }

    private static void finish(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff,
                               MemorySegment out, long outOff, boolean f32) {
        for (int k = 0; k < n; k++) {
            double m = ElementAccess.get(max, maxOff + k, f32);
            double r = Double.isFinite(m) ? m + Math.log(ElementAccess.get(sum, sumOff + k, f32)) : m;
            ElementAccess.set(out, outOff + k, r, f32);
        }
    }

    // ---------------------------------------------------------------- checks and access

    private static void check(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                              MemorySegment w, long wOff, double eps, MemorySegment max, long maxOff,
                              MemorySegment sum, long sumOff, boolean rowWise, boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.matrix("C", c, cOff, rows, cols, ldc, b);
        int along = rowWise ? cols : rows;
        Checks.vector("v", v, vOff, along, 1, b);
        Checks.vector("w", w, wOff, along, 1, b);
        Checks.positiveFinite("eps", eps);
        checkState(rowWise ? rows : cols, max, maxOff, sum, sumOff, f32);
    }

    private static void checkState(int n, MemorySegment max, long maxOff, MemorySegment sum, long sumOff,
                                   boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.vector("max", max, maxOff, n, 1, b);
        Checks.vector("sum", sum, sumOff, n, 1, b);
        Checks.writable("max", max);
        Checks.writable("sum", sum);
    }

}
