package org.panopt.algorithms.prox;

import org.panopt.core.array.Vec;

/**
 * The indicator of the box {@code [lo, hi]^d} (0 inside, +∞ outside): its prox is the projection
 * {@code min(max(v, lo), hi)} for every step t. Infinite bounds are allowed ({@code lo = 0},
 * {@code hi = +∞} is the non-negative orthant). No gradient (an indicator). Immutable.
 *
 * @param lo lower bound (not NaN, may be −∞)
 * @param hi upper bound (≥ lo, may be +∞)
 */
public record Box(double lo, double hi) implements Prox {

    public Box {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi || lo == Double.POSITIVE_INFINITY
                || hi == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("box bounds need lo <= hi (not NaN, lo < +inf, hi > -inf), got [" + lo
                    + ", " + hi + "]");
        }
    }

    /** The non-negative orthant {@code [0, +∞)^d}. */
    public static Box nonNegative() {
        return new Box(0, Double.POSITIVE_INFINITY);
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        VectorLoops.clamp(v.length(), lo, hi, v.segment(), v.offset(), out.segment(), out.offset());
    }

    /** 0 if every coordinate lies in {@code [lo, hi]}, else +∞ (NaN counts as outside). */
    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        return VectorLoops.outside(z.length(), lo, hi, z.segment(), z.offset()) ? Double.POSITIVE_INFINITY : 0;
    }
}
