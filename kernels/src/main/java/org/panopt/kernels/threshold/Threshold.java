package org.panopt.kernels.threshold;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;
import org.panopt.kernels.level1.Level1;

/**
 * The thresholding family over contiguous vectors, the building blocks of the proximal operators of
 * SPEC §3a ({@code y} may be {@code x}: in place). All are exact up to one rounding per element:
 * <ul>
 *   <li>soft: {@code y_k = sign(x_k)·max(|x_k| − t, 0)} (prox of {@code t‖·‖₁}), computed as
 *       {@code x_k − clamp(x_k, −t, t)} (a zero result may be +0 where the formula gives −0);</li>
 *   <li>hard: {@code y_k = x_k} if {@code |x_k| > t}, else 0;</li>
 *   <li>block soft: for consecutive blocks of {@code b} elements,
 *       {@code y_B = max(0, 1 − t/‖x_B‖₂)·x_B} (prox of {@code t Σ_B ‖x_B‖₂}, the group lasso); a block
 *       of norm 0 maps to 0; the norm is {@link Level1#dnrm2}'s (no overflow or underflow).</li>
 * </ul>
 * NaN in x propagates to the corresponding output (its whole block for block soft). The threshold
 * t must be finite and ≥ 0. Throws {@link IllegalArgumentException} for {@code n < 0}, a bad t or
 * block size, or a read-only y, and {@link IndexOutOfBoundsException} if a vector does not fit its
 * segment — before touching memory. Nothing is allocated.
 */
public final class Threshold {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();

    private Threshold() {
    }

    /** Soft thresholding {@code y_k ← sign(x_k)·max(|x_k| − t, 0)}, float64. */
    public static void dsoft(int n, double t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, t, x, xOff, y, yOff, false);
        DoubleVector hi = DoubleVector.broadcast(D, t), lo = DoubleVector.broadcast(D, -t);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector v = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO);
            v.sub(v.lanewise(VectorOperators.MIN, hi).lanewise(VectorOperators.MAX, lo))
                    .intoMemorySegment(y, (yOff + i) * 8, NO);
        }
        tail(i, n, t, x, xOff, y, yOff, true, false);
    }

    /** Float32 twin of {@link #dsoft}. */
    public static void ssoft(int n, float t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, t, x, xOff, y, yOff, true);
        FloatVector hi = FloatVector.broadcast(F, t), lo = FloatVector.broadcast(F, -t);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO);
            v.sub(v.lanewise(VectorOperators.MIN, hi).lanewise(VectorOperators.MAX, lo))
                    .intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        tail(i, n, t, x, xOff, y, yOff, true, true);
    }

    /** Hard thresholding {@code y_k ← |x_k| > t ? x_k : 0} (NaN stays NaN), float64. */
    public static void dhard(int n, double t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, t, x, xOff, y, yOff, false);
        DoubleVector vt = DoubleVector.broadcast(D, t);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector v = DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO);
            v.blend(0, v.abs().compare(VectorOperators.LE, vt)).intoMemorySegment(y, (yOff + i) * 8, NO);
        }
        tail(i, n, t, x, xOff, y, yOff, false, false);
    }

    /** Float32 twin of {@link #dhard}. */
    public static void shard(int n, float t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, t, x, xOff, y, yOff, true);
        FloatVector vt = FloatVector.broadcast(F, t);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO);
            v.blend(0, v.abs().compare(VectorOperators.LE, vt)).intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        tail(i, n, t, x, xOff, y, yOff, false, true);
    }

    private static void tail(int from, int n, double t, MemorySegment x, long xOff, MemorySegment y, long yOff,
                             boolean soft, boolean f32) {
        for (int k = from; k < n; k++) {
            double v = ElementAccess.get(x, xOff + k, f32);
            ElementAccess.set(y, yOff + k, soft ? v - Math.max(Math.min(v, t), -t) : Math.abs(v) <= t ? 0 : v, f32);
        }
    }

    /**
     * Block (group) soft thresholding over {@code n / b} consecutive blocks of {@code b} elements:
     * {@code y_B ← max(0, 1 − t/‖x_B‖₂)·x_B}. {@code b = n} is the prox of {@code t‖·‖₂}.
     *
     * @throws IllegalArgumentException if {@code b < 1} or {@code n} is not a multiple of b (or as above)
     */
    public static void dblockSoft(int n, int b, double t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        checkBlock(n, b, t, x, xOff, y, yOff, false);
        for (long k = 0; k < n; k += b) {
            double norm = Level1.dnrm2(b, x, xOff + k, 1);
            Level1.daxpby(b, norm == 0 ? 0 : Math.max(0, 1 - t / norm), x, xOff + k, 1, 0, y, yOff + k, 1);
        }
    }

    /** Float32 twin of {@link #dblockSoft} (block norms from {@link Level1#snrm2}, accumulated in double). */
    public static void sblockSoft(int n, int b, float t, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        checkBlock(n, b, t, x, xOff, y, yOff, true);
        for (long k = 0; k < n; k += b) {
            float norm = Level1.snrm2(b, x, xOff + k, 1);
            Level1.saxpby(b, norm == 0 ? 0 : Math.max(0, 1 - t / norm), x, xOff + k, 1, 0, y, yOff + k, 1);
        }
    }

    private static void check(int n, double t, MemorySegment x, long xOff, MemorySegment y, long yOff, boolean f32) {
        Checks.nonNegativeFinite("t", t);
        int bytes = ElementAccess.bytes(f32);
        Checks.vector("x", x, xOff, n, 1, bytes);
        Checks.vector("y", y, yOff, n, 1, bytes);
        Checks.writable("y", y);
    }

    private static void checkBlock(int n, int b, double t, MemorySegment x, long xOff, MemorySegment y, long yOff,
                                   boolean f32) {
        check(n, t, x, xOff, y, yOff, f32);
        if (b < 1 || n % b != 0) {
            throw new IllegalArgumentException("block size must be >= 1 and divide n = " + n + ", got " + b);
        }
    }
}
