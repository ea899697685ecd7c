package org.panopt.kernels.fused;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.kernels.Checks;

/**
 * The vector part of a SAGA step on a linear model, in one pass over three contiguous float64
 * vectors (SAGA: Defazio, Bach &amp; Lacoste-Julien, NeurIPS 2014, Algorithm 1; one stored scalar per
 * sample for linear models, Schmidt, Le Roux &amp; Bach 2017 §4.1):
 * <pre>
 *   x ← β·x + α·u + γ·r      (the step: β = 1 − ηλ, α = −η, u = ḡ, γ = −η·c, r = a_i)
 *   u ← u + δ·r              (the running mean of the table: δ = c/n)
 * </pre>
 * x reads u before u is updated. Unfused this is an axpby and two axpys (three kernel calls, four
 * passes over d-vectors); fused, r and u are read once. Per element the rounding is that of the
 * unfused sequence: {@code x = fma(γ, r, fma(α, u, β·x))}, {@code u = fma(δ, r, u)}, so both give
 * bit-identical results.
 *
 * <p>The three vectors must not overlap. Throws {@link IllegalArgumentException} for {@code n < 0} or a
 * read-only x or u, and {@link IndexOutOfBoundsException} if a vector does not fit its segment, before
 * touching memory.
 */
public final class SagaUpdate {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble E = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private SagaUpdate() {
    }

    /** {@code x ← β·x + α·u + γ·r; u ← u + δ·r} over {@code n} contiguous float64 elements. */
    public static void dupdate(int n, double beta, double alpha, double gamma, double delta,
                               MemorySegment r, long rOff, MemorySegment u, long uOff, MemorySegment x, long xOff) {
        Checks.vector("r", r, rOff, n, 1, 8);
        Checks.vector("u", u, uOff, n, 1, 8);
        Checks.vector("x", x, xOff, n, 1, 8);
        Checks.writable("u", u);
        Checks.writable("x", x);
        DoubleVector vb = DoubleVector.broadcast(D, beta), va = DoubleVector.broadcast(D, alpha);
        DoubleVector vg = DoubleVector.broadcast(D, gamma), vd = DoubleVector.broadcast(D, delta);
        int i = 0;
        for (int ub = D.loopBound(n); i < ub; i += DL) {
            long or = (rOff + i) * 8, ou = (uOff + i) * 8, ox = (xOff + i) * 8;
            DoubleVector rv = DoubleVector.fromMemorySegment(D, r, or, NO);
            DoubleVector uv = DoubleVector.fromMemorySegment(D, u, ou, NO);
            DoubleVector xv = DoubleVector.fromMemorySegment(D, x, ox, NO);
            vg.fma(rv, va.fma(uv, vb.mul(xv))).intoMemorySegment(x, ox, NO);
            vd.fma(rv, uv).intoMemorySegment(u, ou, NO);
        }
        for (; i < n; i++) {
            long or = (rOff + i) * 8, ou = (uOff + i) * 8, ox = (xOff + i) * 8;
            double rv = r.get(E, or);
            double uv = u.get(E, ou);
            double xv = x.get(E, ox);
            x.set(E, ox, Math.fma(gamma, rv, Math.fma(alpha, uv, beta * xv)));
            u.set(E, ou, Math.fma(delta, rv, uv));
        }
    }
}
