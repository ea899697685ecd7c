package org.panopt.kernels.fused;

import static org.panopt.kernels.fused.VectorExp.D;
import static org.panopt.kernels.fused.VectorExp.F;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;

/**
 * Softmax weights of {@code z_ij = (v − C_ij)/ε + w} (the same z as {@link LogSumExp}) given their
 * log-sum-exp, and the softmax-weighted sum of rows of another matrix (the entropic map of SPEC §2c:
 * {@code T_i = Σ_j p_ij Y_j}):
 * <ul>
 *   <li>{@link #drowWeights}: {@code P_ij = exp(z_ij − lse_i)}, z as in {@link LogSumExp#drow}
 *       (each row of P sums to 1 when lse is that row's LSE);</li>
 *   <li>{@link #dcolWeights}: {@code P_ij = exp(z_ij − lse_j)}, z as in {@link LogSumExp#dcol};</li>
 *   <li>{@link #drowWeightedSum}: {@code T_i ← T_i + Σ_j exp(z_ij − lse_i)·Y_j} with Y a
 *       {@code cols × d} matrix (row j is the point y_j) and T {@code rows × d}; it accumulates, so a
 *       streaming caller can feed C tile by tile (column blocks with the matching rows of Y).</li>
 * </ul>
 * Every matrix is column-major with a leading dimension; vectors are contiguous. Weights use the
 * full-range vector exp (≤ 1 ulp of {@link Math#exp} for weights above e^−708, ≤ 3 ulp below; see
 * {@link ExpLog}) on the same argument as the scalar formula {@code exp(fma(v − C, 1/ε, w) − lse)},
 * so a weight is within that of the formula (measured by {@code SoftmaxTest}). The last
 * {@code rows % lanes} rows use {@link Math#exp}. Nothing is allocated.
 *
 * <p>Throws {@link IllegalArgumentException} for negative sizes, a bad leading dimension, ε not finite
 * and > 0 or a read-only output, and {@link IndexOutOfBoundsException} if an operand does not fit its
 * segment — before touching memory.
 */
public final class Softmax {
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Softmax() {
    }

    /**
     * Row-wise softmax weights {@code P_ij = exp((v_j − C_ij)/ε + w_j − lse_i)}; v, w have {@code cols}
     * elements, lse has {@code rows}; P is {@code rows × cols} with leading dimension {@code ldp}.
     */
    public static void drowWeights(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                                   MemorySegment w, long wOff, double eps, MemorySegment lse, long lseOff,
                                   MemorySegment p, long pOff, int ldp) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, true, false);
        checkOut("P", p, pOff, rows, cols, ldp, false);
        double ie = 1 / eps;
        DoubleVector vie = DoubleVector.broadcast(D, ie);
        int ub = D.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            DoubleVector bv = DoubleVector.broadcast(D, v.getAtIndex(DOUBLE, vOff + j));
            DoubleVector bw = DoubleVector.broadcast(D, w.getAtIndex(DOUBLE, wOff + j));
            long cj = (cOff + (long) j * ldc) * 8, pj = (pOff + (long) j * ldp) * 8;
            for (int i = 0; i < ub; i += DL) {
                DoubleVector z = bv.sub(DoubleVector.fromMemorySegment(D, c, cj + i * 8L, NO)).fma(vie, bw);
                VectorExp.expFull(z.sub(DoubleVector.fromMemorySegment(D, lse, (lseOff + i) * 8, NO)))
                        .intoMemorySegment(p, pj + i * 8L, NO);
            }
            for (int i = ub; i < rows; i++) {
                ElementAccess.set(p, pOff + i + (long) j * ldp, weight(c, cOff + i + (long) j * ldc, v, vOff + j, w,
                        wOff + j, ie, lse, lseOff + i, false), false);
            }
        }
    }

    /** Float32 twin of {@link #drowWeights}. */
    public static void srowWeights(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                                   MemorySegment w, long wOff, float eps, MemorySegment lse, long lseOff,
                                   MemorySegment p, long pOff, int ldp) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, true, true);
        checkOut("P", p, pOff, rows, cols, ldp, true);
        float ie = 1 / eps;
        FloatVector vie = FloatVector.broadcast(F, ie);
        int ub = F.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            FloatVector bv = FloatVector.broadcast(F, v.getAtIndex(FLOAT, vOff + j));
            FloatVector bw = FloatVector.broadcast(F, w.getAtIndex(FLOAT, wOff + j));
            long cj = (cOff + (long) j * ldc) * 4, pj = (pOff + (long) j * ldp) * 4;
            for (int i = 0; i < ub; i += FL) {
                FloatVector z = bv.sub(FloatVector.fromMemorySegment(F, c, cj + i * 4L, NO)).fma(vie, bw);
                VectorExp.expFull(z.sub(FloatVector.fromMemorySegment(F, lse, (lseOff + i) * 4, NO)))
                        .intoMemorySegment(p, pj + i * 4L, NO);
            }
            for (int i = ub; i < rows; i++) {
                ElementAccess.set(p, pOff + i + (long) j * ldp, weight(c, cOff + i + (long) j * ldc, v, vOff + j, w,
                        wOff + j, ie, lse, lseOff + i, true), true);
            }
        }
    }

    /**
     * Column-wise softmax weights {@code P_ij = exp((v_i − C_ij)/ε + w_i − lse_j)}; v, w have
     * {@code rows} elements, lse has {@code cols}; P is {@code rows × cols} with leading dimension
     * {@code ldp}.
     */
    public static void dcolWeights(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                                   MemorySegment w, long wOff, double eps, MemorySegment lse, long lseOff,
                                   MemorySegment p, long pOff, int ldp) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, false, false);
        checkOut("P", p, pOff, rows, cols, ldp, false);
        double ie = 1 / eps;
        DoubleVector vie = DoubleVector.broadcast(D, ie);
        int ub = D.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            DoubleVector bl = DoubleVector.broadcast(D, lse.getAtIndex(DOUBLE, lseOff + j));
            long cj = (cOff + (long) j * ldc) * 8, pj = (pOff + (long) j * ldp) * 8;
            for (int i = 0; i < ub; i += DL) {
                DoubleVector z = DoubleVector.fromMemorySegment(D, v, (vOff + i) * 8, NO)
                        .sub(DoubleVector.fromMemorySegment(D, c, cj + i * 8L, NO))
                        .fma(vie, DoubleVector.fromMemorySegment(D, w, (wOff + i) * 8, NO));
                VectorExp.expFull(z.sub(bl)).intoMemorySegment(p, pj + i * 8L, NO);
            }
            for (int i = ub; i < rows; i++) {
                ElementAccess.set(p, pOff + i + (long) j * ldp, weight(c, cOff + i + (long) j * ldc, v, vOff + i, w,
                        wOff + i, ie, lse, lseOff + j, false), false);
            }
        }
    }

    /** Float32 twin of {@link #dcolWeights}. */
    public static void scolWeights(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                                   MemorySegment w, long wOff, float eps, MemorySegment lse, long lseOff,
                                   MemorySegment p, long pOff, int ldp) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, false, true);
        checkOut("P", p, pOff, rows, cols, ldp, true);
        float ie = 1 / eps;
        FloatVector vie = FloatVector.broadcast(F, ie);
        int ub = F.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            FloatVector bl = FloatVector.broadcast(F, lse.getAtIndex(FLOAT, lseOff + j));
            long cj = (cOff + (long) j * ldc) * 4, pj = (pOff + (long) j * ldp) * 4;
            for (int i = 0; i < ub; i += FL) {
                FloatVector z = FloatVector.fromMemorySegment(F, v, (vOff + i) * 4, NO)
                        .sub(FloatVector.fromMemorySegment(F, c, cj + i * 4L, NO))
                        .fma(vie, FloatVector.fromMemorySegment(F, w, (wOff + i) * 4, NO));
                VectorExp.expFull(z.sub(bl)).intoMemorySegment(p, pj + i * 4L, NO);
            }
            for (int i = ub; i < rows; i++) {
                ElementAccess.set(p, pOff + i + (long) j * ldp, weight(c, cOff + i + (long) j * ldc, v, vOff + i, w,
                        wOff + i, ie, lse, lseOff + j, true), true);
            }
        }
    }

    /**
     * Entropic map accumulation {@code T_i ← T_i + Σ_j exp((v_j − C_ij)/ε + w_j − lse_i)·Y_j} for
     * {@code i < rows}: Y is {@code cols × d} (leading dimension ldy), T is {@code rows × d} (ldt).
     * With lse the rows' LSE (from {@link LogSumExp#drow}) and T zeroed first, T holds the
     * barycentric projections {@code Σ_j p_ij y_j}.
     */
    public static void drowWeightedSum(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                       long vOff, MemorySegment w, long wOff, double eps, MemorySegment lse,
                                       long lseOff, int d, MemorySegment y, long yOff, int ldy, MemorySegment t,
                                       long tOff, int ldt) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, true, false);
        Checks.matrix("Y", y, yOff, cols, d, ldy, 8);
        checkOut("T", t, tOff, rows, d, ldt, false);
        double ie = 1 / eps;
        DoubleVector vie = DoubleVector.broadcast(D, ie);
        int ub = D.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            DoubleVector bv = DoubleVector.broadcast(D, v.getAtIndex(DOUBLE, vOff + j));
            DoubleVector bw = DoubleVector.broadcast(D, w.getAtIndex(DOUBLE, wOff + j));
            long cj = (cOff + (long) j * ldc) * 8;
            for (int i = 0; i < ub; i += DL) {
                DoubleVector z = bv.sub(DoubleVector.fromMemorySegment(D, c, cj + i * 8L, NO)).fma(vie, bw);
                DoubleVector pv = VectorExp.expFull(z.sub(DoubleVector.fromMemorySegment(D, lse, (lseOff + i) * 8, NO)));
                for (int k = 0; k < d; k++) {
                    long ot = (tOff + i + (long) k * ldt) * 8;
                    pv.fma(DoubleVector.broadcast(D, y.getAtIndex(DOUBLE, yOff + j + (long) k * ldy)),
                            DoubleVector.fromMemorySegment(D, t, ot, NO)).intoMemorySegment(t, ot, NO);
                }
            }
            weightedSumTail(ub, rows, j, c, cOff, ldc, v, vOff, w, wOff, ie, lse, lseOff, d, y, yOff, ldy, t, tOff, ldt,
                    false);
        }
    }

    /** Float32 twin of {@link #drowWeightedSum}. */
    public static void srowWeightedSum(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                       long vOff, MemorySegment w, long wOff, float eps, MemorySegment lse,
                                       long lseOff, int d, MemorySegment y, long yOff, int ldy, MemorySegment t,
                                       long tOff, int ldt) {
        check(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, true, true);
        Checks.matrix("Y", y, yOff, cols, d, ldy, 4);
        checkOut("T", t, tOff, rows, d, ldt, true);
        float ie = 1 / eps;
        FloatVector vie = FloatVector.broadcast(F, ie);
        int ub = F.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            FloatVector bv = FloatVector.broadcast(F, v.getAtIndex(FLOAT, vOff + j));
            FloatVector bw = FloatVector.broadcast(F, w.getAtIndex(FLOAT, wOff + j));
            long cj = (cOff + (long) j * ldc) * 4;
            for (int i = 0; i < ub; i += FL) {
                FloatVector z = bv.sub(FloatVector.fromMemorySegment(F, c, cj + i * 4L, NO)).fma(vie, bw);
                FloatVector pv = VectorExp.expFull(z.sub(FloatVector.fromMemorySegment(F, lse, (lseOff + i) * 4, NO)));
                for (int k = 0; k < d; k++) {
                    long ot = (tOff + i + (long) k * ldt) * 4;
                    pv.fma(FloatVector.broadcast(F, y.getAtIndex(FLOAT, yOff + j + (long) k * ldy)),
                            FloatVector.fromMemorySegment(F, t, ot, NO)).intoMemorySegment(t, ot, NO);
                }
            }
            weightedSumTail(ub, rows, j, c, cOff, ldc, v, vOff, w, wOff, ie, lse, lseOff, d, y, yOff, ldy, t, tOff, ldt,
                    true);
        }
    }

    private static void weightedSumTail(int from, int rows, int j, MemorySegment c, long cOff, int ldc, MemorySegment v,
                                        long vOff, MemorySegment w, long wOff, double ie, MemorySegment lse,
                                        long lseOff, int d, MemorySegment y, long yOff, int ldy, MemorySegment t,
                                        long tOff, int ldt, boolean f32) {
        for (int i = from; i < rows; i++) {
            double pij = weight(c, cOff + i + (long) j * ldc, v, vOff + j, w, wOff + j, ie, lse, lseOff + i, f32);
            for (int k = 0; k < d; k++) {
                long it = tOff + i + (long) k * ldt;
                ElementAccess.set(t, it, Math.fma(pij, ElementAccess.get(y, yOff + j + (long) k * ldy, f32),
                        ElementAccess.get(t, it, f32)), f32);
            }
        }
    }

    /** The scalar weight {@code exp(fma(v − C, ie, w) − lse)}: tails, and the definition the tests check against. */
    private static double weight(MemorySegment c, long ic, MemorySegment v, long iv, MemorySegment w, long iw, double ie,
                                 MemorySegment lse, long il, boolean f32) {
        double z = VectorExp.z(ElementAccess.get(v, iv, f32), ElementAccess.get(c, ic, f32), ie,
                ElementAccess.get(w, iw, f32), f32);
        double arg = z - ElementAccess.get(lse, il, f32);
        return Math.exp(f32 ? (float) arg : arg);
    }

    private static void check(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                              MemorySegment w, long wOff, double eps, MemorySegment lse, long lseOff, boolean rowWise,
                              boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.matrix("C", c, cOff, rows, cols, ldc, b);
        int along = rowWise ? cols : rows;
        Checks.vector("v", v, vOff, along, 1, b);
        Checks.vector("w", w, wOff, along, 1, b);
        Checks.vector("lse", lse, lseOff, rowWise ? rows : cols, 1, b);
        Checks.positiveFinite("eps", eps);
    }

    private static void checkOut(String name, MemorySegment m, long off, int rows, int cols, int ld, boolean f32) {
        Checks.matrix(name, m, off, rows, cols, ld, ElementAccess.bytes(f32));
        Checks.writable(name, m);
    }
}
