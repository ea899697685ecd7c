package org.panopt.kernels.fused;

import static org.panopt.kernels.fused.VectorExp.D;
import static org.panopt.kernels.fused.VectorExp.F;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.panopt.kernels.Checks;
import org.panopt.kernels.ElementAccess;

/**
 * Element-wise exponential and logarithm over contiguous vectors ({@code y_k ← exp(x_k)},
 * {@code y_k ← log(x_k)}); y may be x (in place).
 *
 * <p>exp is {@link VectorExp}'s hand-written kernel over the whole range (overflow to +∞, underflow
 * through the subnormals to 0, NaN → NaN). Precision ({@code ExpLogPrecisionTest}, asserted bounds in
 * brackets): f64 arguments in [−708, 709]: ≤ 1 ulp from {@link Math#exp} and 0.98 ulp from the
 * exact value [&lt; 1]; outside that range (results beyond ~1e±307, computed as a square): 3 ulp [4];
 * f32 in [−86, 88]: 1.03 ulp from the exact value [1.5], outside 1.9 ulp [4]. log is the Vector
 * API's {@code LOG} operation (intrinsified with the platform's vector math library where present),
 * measured equal to {@link Math#log} [≤ 1 ulp] in both precisions.
 * The last {@code n % lanes} elements use {@link Math#exp}/{@link Math#log}.
 *
 * <p>Throws {@link IllegalArgumentException} for {@code n < 0} or a read-only y and
 * {@link IndexOutOfBoundsException} if a vector does not fit its segment, before touching memory.
 */
public final class ExpLog {
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();

    private ExpLog() {
    }

    /** {@code y_k ← exp(x_k)}, {@code k < n}, float64. */
    public static void dexp(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, x, xOff, y, yOff, false);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            VectorExp.expFull(DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO))
                    .intoMemorySegment(y, (yOff + i) * 8, NO);
        }
        tail(i, n, x, xOff, y, yOff, false, false);
    }

    /** {@code y_k ← exp(x_k)}, {@code k < n}, float32. */
    public static void sexp(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, x, xOff, y, yOff, true);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            VectorExp.expFull(FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO))
                    .intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        tail(i, n, x, xOff, y, yOff, false, true);
    }

    /** {@code y_k ← log(x_k)}, {@code k < n}, float64 (log 0 = −∞, log of a negative = NaN). */
    public static void dlog(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, x, xOff, y, yOff, false);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            DoubleVector.fromMemorySegment(D, x, (xOff + i) * 8, NO).lanewise(VectorOperators.LOG)
                    .intoMemorySegment(y, (yOff + i) * 8, NO);
        }
        tail(i, n, x, xOff, y, yOff, true, false);
    }

    /** {@code y_k ← log(x_k)}, {@code k < n}, float32. */
    public static void slog(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        check(n, x, xOff, y, yOff, true);
        int i = 0;
        for (int ub = F.loopBound(n); i < ub; i += FL) {
            FloatVector.fromMemorySegment(F, x, (xOff + i) * 4, NO).lanewise(VectorOperators.LOG)
                    .intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        tail(i, n, x, xOff, y, yOff, true, true);
    }

    private static void tail(int from, int n, MemorySegment x, long xOff, MemorySegment y, long yOff, boolean log,
                             boolean f32) {
        for (int k = from; k < n; k++) {
            double v = ElementAccess.get(x, xOff + k, f32);
            ElementAccess.set(y, yOff + k, log ? Math.log(v) : Math.exp(v), f32);
        }
    }

    private static void check(int n, MemorySegment x, long xOff, MemorySegment y, long yOff, boolean f32) {
        int b = ElementAccess.bytes(f32);
        Checks.vector("x", x, xOff, n, 1, b);
        Checks.vector("y", y, yOff, n, 1, b);
        Checks.writable("y", y);
    }
}
