package org.panopt.kernels.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hand-written vector exp, kept small so that C2 inlines it into every kernel loop (a vector helper
 * that is not inlined boxes its result: the allocation tests would catch it).
 *
 * <p>Method: {@code e^a = 2^k · e^r}, {@code k = round(a/ln 2)} by the 1.5·2^52 shifter trick,
 * {@code r = a − k·ln 2} in two fused steps (ln 2 split in a double-double), {@code e^r ≈ 1 + r +
 * r²·q(r)} with q a Chebyshev fit of degree 9 (float: 4) to {@code (e^r − 1 − r)/r²} on
 * {@code |r| ≤ ln2/2} (approximation error 1.6e-17 relative, float 1.1e-8), and {@code 2^k} added
 * into the exponent bits. Valid for {@code a ∈ [LO, HI]} only (no overflow, no subnormal results):
 * callers clamp or take a scalar path outside. Measured over the valid range (see
 * {@code ExpLogPrecisionTest}): f64 ≤ 1 ulp from {@link Math#exp} (0.98 ulp from the exact value),
 * f32 1.03 ulp from the exact value.
 */
final class VectorExp {
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Valid argument range, f64: results stay normal and finite. */
    static final double LO = -708.0, HI = 709.0;
    /** Valid argument range, f32. */
    static final float LO_F = -86.0f, HI_F = 88.0f;

    private static final double LOG2E = 1.4426950408889634, SHIFT = 0x1.8p52;
    private static final double LN2_HI = 0.6931471805599453, LN2_LO = 2.3190468138462996e-17;
    private static final double Q9 = 2.5100424157005067e-08, Q8 = 2.7620138719733994e-07,
            Q7 = 2.7557268378684192e-06, Q6 = 2.480152119021773e-05, Q5 = 0.00019841269863105968,
            Q4 = 0.0013888888917281794, Q3 = 0.008333333333330051, Q2 = 0.04166666666662399,
            Q1 = 0.16666666666666669, Q0 = 0.5000000000000001;

    private static final float LOG2E_F = 1.442695f, SHIFT_F = 0x1.8p23f;
    private static final float LN2_HI_F = 0.693145751953125f, LN2_LO_F = 1.428606765330187e-06f;
    private static final float P4 = 0.0013926213141530752f, P3 = 0.008363203145563602f, P2 = 0.041666556149721146f,
            P1 = 0.16666576266288757f, P0 = 0.5f;

    private VectorExp() {
    }

    // Constants as vectors: fewer IR nodes per use than scalar-broadcast overloads, which keeps the
    // kernels that inline several exps under C2's inlining node budget.
    private static final DoubleVector V_LOG2E = DoubleVector.broadcast(D, LOG2E), V_SHIFT = DoubleVector.broadcast(D, SHIFT),
            V_NLN2_HI = DoubleVector.broadcast(D, -LN2_HI), V_NLN2_LO = DoubleVector.broadcast(D, -LN2_LO),
            V_ONE = DoubleVector.broadcast(D, 1.0), V_Q9 = DoubleVector.broadcast(D, Q9),
            V_Q8 = DoubleVector.broadcast(D, Q8), V_Q7 = DoubleVector.broadcast(D, Q7),
            V_Q6 = DoubleVector.broadcast(D, Q6), V_Q5 = DoubleVector.broadcast(D, Q5),
            V_Q4 = DoubleVector.broadcast(D, Q4), V_Q3 = DoubleVector.broadcast(D, Q3),
            V_Q2 = DoubleVector.broadcast(D, Q2), V_Q1 = DoubleVector.broadcast(D, Q1),
            V_Q0 = DoubleVector.broadcast(D, Q0), V_LO = DoubleVector.broadcast(D, LO);
    private static final FloatVector W_LOG2E = FloatVector.broadcast(F, LOG2E_F), W_SHIFT = FloatVector.broadcast(F, SHIFT_F),
            W_NLN2_HI = FloatVector.broadcast(F, -LN2_HI_F), W_NLN2_LO = FloatVector.broadcast(F, -LN2_LO_F),
            W_ONE = FloatVector.broadcast(F, 1.0f), W_P4 = FloatVector.broadcast(F, P4),
            W_P3 = FloatVector.broadcast(F, P3), W_P2 = FloatVector.broadcast(F, P2),
            W_P1 = FloatVector.broadcast(F, P1), W_P0 = FloatVector.broadcast(F, P0),
            W_LO = FloatVector.broadcast(F, LO_F);

    /** {@code e^a} lane-wise for {@code a ∈ [LO, HI]}; NaN lanes give NaN. */
    static DoubleVector exp(DoubleVector a) {
        DoubleVector kd = a.fma(V_LOG2E, V_SHIFT);
        DoubleVector k = kd.sub(V_SHIFT);
        DoubleVector r = k.fma(V_NLN2_LO, k.fma(V_NLN2_HI, a));
        DoubleVector q = r.fma(V_Q9, V_Q8).fma(r, V_Q7).fma(r, V_Q6).fma(r, V_Q5).fma(r, V_Q4).fma(r, V_Q3)
                .fma(r, V_Q2).fma(r, V_Q1).fma(r, V_Q0);
        DoubleVector p = q.mul(r).fma(r, r).add(V_ONE); // 1 + r + r²q
        return p.reinterpretAsLongs().add(kd.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52))
                .reinterpretAsDoubles();
    }

    /** {@code e^a} lane-wise for {@code a ∈ [LO_F, HI_F]}; NaN lanes give NaN. */
    static FloatVector exp(FloatVector a) {
        FloatVector kd = a.fma(W_LOG2E, W_SHIFT);
        FloatVector k = kd.sub(W_SHIFT);
        FloatVector r = k.fma(W_NLN2_LO, k.fma(W_NLN2_HI, a));
        FloatVector q = r.fma(W_P4, W_P3).fma(r, W_P2).fma(r, W_P1).fma(r, W_P0);
        FloatVector p = q.mul(r).fma(r, r).add(W_ONE);
        return p.reinterpretAsInts().add(kd.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                .reinterpretAsFloats();
    }

    /** {@code e^a} for {@code a ≤ 0}, arguments below LO (and NaN, from ∞ − ∞) clamped to LO: ≈ 3e-308, invisible next to a sum ≥ 1. */
    static DoubleVector expNonPositive(DoubleVector a) {
        return exp(a.blend(V_LO, a.compare(VectorOperators.GE, V_LO).not()));
    }

    /** Float32 twin of {@link #expNonPositive(DoubleVector)} (clamp at LO_F: e^−86 ≈ 4e-38). */
    static FloatVector expNonPositive(FloatVector a) {
        return exp(a.blend(W_LO, a.compare(VectorOperators.GE, W_LO).not()));
    }

    /**
     * {@code e^a} over the whole double range: lanes outside {@code [LO, HI]} are computed as
     * {@code (e^{a/2})²} (argument clamped to [2·LO, 2·HI]), which over- and underflows correctly
     * (subnormal results included) within 3 ulp; in-range lanes are as {@link #exp(DoubleVector)}.
     * Branch-free: one exp per lane, a few compares and blends.
     */
    static DoubleVector expFull(DoubleVector a) {
        var in = a.compare(VectorOperators.GE, LO).and(a.compare(VectorOperators.LE, HI));
        DoubleVector h = a.max(2 * LO).min(2 * HI).mul(0.5);
        DoubleVector e = exp(a.blend(h, in.not()));
        return e.blend(e.mul(e), in.not());
    }

    /** Float32 twin of {@link #expFull(DoubleVector)}. */
    static FloatVector expFull(FloatVector a) {
        var in = a.compare(VectorOperators.GE, LO_F).and(a.compare(VectorOperators.LE, HI_F));
        FloatVector h = a.max(2 * LO_F).min(2 * HI_F).mul(0.5f);
        FloatVector e = exp(a.blend(h, in.not()));
        return e.blend(e.mul(e), in.not());
    }

    /**
     * The scalar z of the fused kernels, {@code fma(v − c, ie, w)}, in the kernel's precision (float
     * arithmetic for f32, as the vector lanes compute it): used by the scalar tails so that a tail
     * element is computed like a lane.
     */
    static double z(double v, double c, double ie, double w, boolean f32) {
        return f32 ? Math.fma((float) v - (float) c, (float) ie, (float) w) : Math.fma(v - c, ie, w);
    }
}
