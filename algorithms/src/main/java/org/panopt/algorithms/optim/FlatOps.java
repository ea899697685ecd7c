package org.panopt.algorithms.optim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two level-1 loops the step-size rules need (a dot product and {@code out ← x + a·d}) over
 * contiguous float64 segments at byte offsets. Callers validate; these only compute.
 */
final class FlatOps {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private FlatOps() {
    }

    /** ⟨x, y⟩ with four independent vector accumulators. */
    static double dot(MemorySegment x, long xOff, MemorySegment y, long yOff, int n) {
        int lanes = S.length();
        int upper4 = n - n % (4 * lanes);
        long step = (long) lanes << 3;
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int i = 0;
        for (; i < upper4; i += 4 * lanes) {
            long b = (long) i << 3;
            s0 = DoubleVector.fromMemorySegment(S, x, xOff + b, ORDER)
                    .fma(DoubleVector.fromMemorySegment(S, y, yOff + b, ORDER), s0);
            s1 = DoubleVector.fromMemorySegment(S, x, xOff + b + step, ORDER)
                    .fma(DoubleVector.fromMemorySegment(S, y, yOff + b + step, ORDER), s1);
            s2 = DoubleVector.fromMemorySegment(S, x, xOff + b + 2 * step, ORDER)
                    .fma(DoubleVector.fromMemorySegment(S, y, yOff + b + 2 * step, ORDER), s2);
            s3 = DoubleVector.fromMemorySegment(S, x, xOff + b + 3 * step, ORDER)
                    .fma(DoubleVector.fromMemorySegment(S, y, yOff + b + 3 * step, ORDER), s3);
        }
        int upper = S.loopBound(n);
        for (; i < upper; i += lanes) {
            long b = (long) i << 3;
            s0 = DoubleVector.fromMemorySegment(S, x, xOff + b, ORDER)
                    .fma(DoubleVector.fromMemorySegment(S, y, yOff + b, ORDER), s0);
        }
        double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            long b = (long) i << 3;
            sum = Math.fma(x.get(F64, xOff + b), y.get(F64, yOff + b), sum);
        }
        return sum;
    }

    /** out ← x + a·d element-wise; out may be x itself. */
    static void axpy(MemorySegment out, long oOff, MemorySegment x, long xOff, double a, MemorySegment d, long dOff,
                     int n) {
        int upper = S.loopBound(n);
        int i = 0;
        for (; i < upper; i += S.length()) {
            long b = (long) i << 3;
            DoubleVector.fromMemorySegment(S, x, xOff + b, ORDER)
                    .add(DoubleVector.fromMemorySegment(S, d, dOff + b, ORDER).mul(a))
                    .intoMemorySegment(out, oOff + b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            out.set(F64, oOff + b, x.get(F64, xOff + b) + a * d.get(F64, dOff + b));
        }
    }
}
