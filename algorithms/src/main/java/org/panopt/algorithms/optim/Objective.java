package org.panopt.algorithms.optim;

import org.panopt.core.array.Vec;

/**
 * A deterministic objective f over a flat float64 vector, for line searches. Implementations used
 * in allocation-free loops must not allocate either.
 */
public interface Objective {
    /** f(x). Must not modify {@code x}. */
    double value(Vec x);

    /** f(x), writing ∇f(x) into {@code grad}. Must not modify {@code x}. */
    double valueAndGradient(Vec x, Vec grad);
}
