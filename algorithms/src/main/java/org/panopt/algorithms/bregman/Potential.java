package org.panopt.algorithms.bregman;

import org.panopt.core.array.Vec;

/**
 * A potential {@code f: R^d → R} with its gradient, as the h-transform needs it (SPEC §3b): given
 * analytically ({@link QuadraticPotential}) or as the entropic potential of a fitted map
 * ({@link MongeBregmanOccamMap#potential()}). Implementations allocate nothing per call.
 */
public interface Potential {
    /** The dimension d. */
    int dimension();

    /**
     * {@code f(y)}, and {@code ∇f(y)} into {@code gradient} when it is not null.
     *
     * @param y        contiguous float64, length d (read only)
     * @param gradient contiguous float64, length d, or null
     */
    double evaluate(Vec y, Vec gradient);
}
