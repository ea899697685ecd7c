package org.panopt.algorithms.prox;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops of the penalties that the kernels module does not offer (sign, clamp,
 * shifted ReLU, the STVS formulas, the two-regime k-overlap maps). Contiguous float64 at element
 * offsets; callers validate. Each loop keeps its vectors inside itself (no vector-valued helpers,
 * which C2 may leave out of line and box), runs {@code loopBound} full vectors and a scalar tail.
 * NaN in an input gives NaN in the output.
 */
final class VectorLoops {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Above this, {@code sqrt(1 + a²)} is {@code a} to double precision (and a² would overflow near 1e154). */
    private static final double HUGE = 1e150;

    private VectorLoops() {
    }

    /** {@code y ← a·sign(x) + b·x}, {@code sign(0) = 0}; {@code b = 0} adds nothing (not even 0·∞). */
    static void signScale(int n, double a, double b, MemorySegment x, long xo, MemorySegment y, long yo) {
        DoubleVector pa = DoubleVector.broadcast(S, a);
        DoubleVector na = DoubleVector.broadcast(S, -a);
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        int ub = S.loopBound(n);
        // two loops rather than a vector-valued conditional, which C2 may not keep in registers
        if (b == 0) {
            for (; i < ub; i += L) {
                DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
                zero.blend(pa, v.compare(GT, 0)).blend(na, v.compare(LT, 0)).blend(v, v.test(IS_NAN))
                        .intoMemorySegment(y, (yo + i) * 8, O);
            }
        } else {
            DoubleVector vb = DoubleVector.broadcast(S, b);
            for (; i < ub; i += L) {
                DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
                v.fma(vb, zero.blend(pa, v.compare(GT, 0)).blend(na, v.compare(LT, 0)).blend(v, v.test(IS_NAN)))
                        .intoMemorySegment(y, (yo + i) * 8, O);
            }
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            double r = v > 0 ? a : v < 0 ? -a : v == 0 ? 0 : v;
            y.setAtIndex(D, yo + i, b != 0 ? Math.fma(v, b, r) : r);
        }
    }

    /** {@code y ← min(max(x, lo), hi)}. */
    static void clamp(int n, double lo, double hi, MemorySegment x, long xo, MemorySegment y, long yo) {
        DoubleVector vl = DoubleVector.broadcast(S, lo);
        DoubleVector vh = DoubleVector.broadcast(S, hi);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O).max(vl).min(vh).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            y.setAtIndex(D, yo + i, Math.min(Math.max(x.getAtIndex(D, xo + i), lo), hi));
        }
    }

    /** Whether some {@code x_k} is outside {@code [lo, hi]} or NaN. */
    static boolean outside(int n, double lo, double hi, MemorySegment x, long xo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            VectorMask<Double> in = v.compare(LE, hi).and(v.compare(GE, lo));
            if (!in.allTrue()) {
                return true;
            }
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            if (!(v >= lo && v <= hi)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every {@code x_k} is finite (no NaN, no ±∞). */
    static boolean finite(int n, MemorySegment x, long xo) {
        return !outside(n, -Double.MAX_VALUE, Double.MAX_VALUE, x, xo);
    }

    /** {@code y ← NaN}: the output of a sort-based penalty whose input is not finite. */
    static void fillNaN(int n, MemorySegment y, long yo) {
        for (int i = 0; i < n; i++) {
            y.setAtIndex(D, yo + i, Double.NaN);
        }
    }

    /** {@code y ← max(x − θ, 0)}. */
    static void shiftedRelu(int n, double theta, MemorySegment x, long xo, MemorySegment y, long yo) {
        DoubleVector vt = DoubleVector.broadcast(S, theta);
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O).sub(vt).max(zero).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            y.setAtIndex(D, yo + i, Math.max(x.getAtIndex(D, xo + i) - theta, 0));
        }
    }

    /** {@code y ← |x|}. */
    static void abs(int n, MemorySegment x, long xo, MemorySegment y, long yo) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O).abs().intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            y.setAtIndex(D, yo + i, Math.abs(x.getAtIndex(D, xo + i)));
        }
    }

    /** STVS thresholding (MBO paper): {@code y ← 0} if {@code x² ≤ s}, else {@code x − s/x}. */
    static void stvsThreshold(int n, double s, MemorySegment x, long xo, MemorySegment y, long yo) {
        DoubleVector vs = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            v.sub(vs.div(v)).blend(0, v.mul(v).compare(LE, vs)).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            y.setAtIndex(D, yo + i, v * v <= s ? 0 : v - s / v);
        }
    }

    /**
     * The exact STVS prox at a step {@code 0 < t < 2} (see {@link Stvs}): for {@code |x| > tγ},
     * {@code sign(x)·2(x² − t²γ²) / ((2 − t)|x| + t·sqrt(x² + 4(1 − t)γ²))}, else 0.
     */
    static void stvsProx(int n, double t, double gamma, MemorySegment x, long xo, MemorySegment y, long yo) {
        double thr = t * gamma;
        DoubleVector vThr = DoubleVector.broadcast(S, thr);
        DoubleVector vThr2 = DoubleVector.broadcast(S, thr * thr);
        DoubleVector vShift = DoubleVector.broadcast(S, 4 * (1 - t) * gamma * gamma);
        DoubleVector vA = DoubleVector.broadcast(S, 2 - t);
        DoubleVector vT = DoubleVector.broadcast(S, t);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            DoubleVector a = v.abs();
            DoubleVector a2 = a.mul(a);
            DoubleVector den = a2.add(vShift).sqrt().fma(vT, a.mul(vA));
            DoubleVector z = a2.sub(vThr2).mul(2).div(den);
            z = z.blend(z.neg(), v.compare(LT, 0)).blend(0, a.compare(LE, vThr)).blend(v, v.test(IS_NAN));
            z.intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            y.setAtIndex(D, yo + i, stvsProxScalar(x.getAtIndex(D, xo + i), t, gamma));
        }
    }

    /** The scalar twin of {@link #stvsProx}. */
    static double stvsProxScalar(double v, double t, double gamma) {
        double a = Math.abs(v);
        if (!(a > t * gamma)) {
            return Double.isNaN(v) ? v : 0;
        }
        double z = 2 * (a * a - t * t * gamma * gamma) / ((2 - t) * a + t * Math.sqrt(a * a + 4 * (1 - t) * gamma * gamma));
        return Math.copySign(z, v);
    }

    /**
     * {@code Σ_k asinh(a_k) + a_k/(a_k + sqrt(1 + a_k²))} with {@code a_k = |x_k|/(2γ)}: the STVS
     * penalty divided by γ² (see {@link Stvs#value}).
     */
    static double stvsValue(int n, double gamma, MemorySegment x, long xo) {
        double inv = 1 / (2 * gamma);
        DoubleVector vInv = DoubleVector.broadcast(S, inv);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        DoubleVector acc0 = DoubleVector.zero(S);
        DoubleVector acc1 = DoubleVector.zero(S);
        int i = 0;
        int ub2 = n - n % (2 * L);
        for (; i < ub2; i += 2 * L) {
            DoubleVector a = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O).abs().mul(vInv);
            DoubleVector s = a.fma(a, one).sqrt().blend(a, a.compare(GT, HUGE));
            acc0 = acc0.add(a.div(one.add(s)).fma(a, a).lanewise(LOG1P)).add(a.div(a.add(s)));
            DoubleVector b = DoubleVector.fromMemorySegment(S, x, (xo + i + L) * 8, O).abs().mul(vInv);
            DoubleVector r = b.fma(b, one).sqrt().blend(b, b.compare(GT, HUGE));
            acc1 = acc1.add(b.div(one.add(r)).fma(b, b).lanewise(LOG1P)).add(b.div(b.add(r)));
        }
        double sum = acc0.add(acc1).reduceLanes(ADD);
        for (; i < n; i++) {
            double a = Math.abs(x.getAtIndex(D, xo + i)) * inv;
            double s = a > HUGE ? a : Math.sqrt(Math.fma(a, a, 1));
            sum += Math.log1p(Math.fma(a / (1 + s), a, a)) + a / (a + s);
        }
        return sum;
    }

    /** {@code y ← γ·sign(x)/(a + sqrt(1 + a²))}, {@code a = |x|/(2γ)}: the STVS gradient. */
    static void stvsGradient(int n, double gamma, MemorySegment x, long xo, MemorySegment y, long yo) {
        double inv = 1 / (2 * gamma);
        DoubleVector vInv = DoubleVector.broadcast(S, inv);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        DoubleVector vg = DoubleVector.broadcast(S, gamma);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            DoubleVector a = v.abs().mul(vInv);
            DoubleVector g = vg.div(a.add(a.fma(a, one).sqrt().blend(a, a.compare(GT, HUGE))));
            g.blend(g.neg(), v.compare(LT, 0)).blend(0, v.compare(EQ, 0))
                    .blend(v, v.test(IS_NAN)).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            double a = Math.abs(v) * inv;
            double s = a > HUGE ? a : Math.sqrt(Math.fma(a, a, 1));
            y.setAtIndex(D, yo + i, v == 0 ? 0 : Double.isNaN(v) ? v : Math.copySign(gamma / (a + s), v));
        }
    }

    /**
     * The two regimes of the k-overlap prox: {@code y ← c·x} where {@code |x| > thr}, else the soft
     * threshold {@code sign(x)·max(|x| − res, 0)}.
     */
    static void splitShrink(int n, double thr, double c, double res, MemorySegment x, long xo, MemorySegment y,
                            long yo) {
        DoubleVector vThr = DoubleVector.broadcast(S, thr);
        DoubleVector hi = DoubleVector.broadcast(S, res);
        DoubleVector lo = DoubleVector.broadcast(S, -res);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            v.sub(v.min(hi).max(lo)).blend(v.mul(c), v.abs().compare(GT, vThr)).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            y.setAtIndex(D, yo + i, Math.abs(v) > thr ? c * v : v - Math.max(Math.min(v, res), -res));
        }
    }

    /** The two regimes of the k-overlap gradient: {@code y ← x} where {@code |x| > thr}, else {@code g·sign(x)}. */
    static void splitSign(int n, double thr, double g, MemorySegment x, long xo, MemorySegment y, long yo) {
        DoubleVector vThr = DoubleVector.broadcast(S, thr);
        DoubleVector pg = DoubleVector.broadcast(S, g);
        DoubleVector ng = DoubleVector.broadcast(S, -g);
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, (xo + i) * 8, O);
            zero.blend(pg, v.compare(GT, 0)).blend(ng, v.compare(LT, 0)).blend(v, v.abs().compare(GT, vThr))
                    .blend(v, v.test(IS_NAN)).intoMemorySegment(y, (yo + i) * 8, O);
        }
        for (; i < n; i++) {
            double v = x.getAtIndex(D, xo + i);
            y.setAtIndex(D, yo + i, Math.abs(v) > thr || Double.isNaN(v) ? v : v > 0 ? g : v < 0 ? -g : 0);
        }
    }
}
