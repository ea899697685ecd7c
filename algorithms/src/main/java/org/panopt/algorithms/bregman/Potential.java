package org.panopt.algorithms.bregman;

import org.panopt.core.array.DType;
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

    /** The argument checks every implementation shares: y (and gradient, if not null) contiguous float64 of length d. */
    static void checkArguments(int d, Vec y, Vec gradient) {
        if (y.dtype() != DType.F64 || y.stride() != 1 || y.length() != d) {
            throw new IllegalArgumentException("y must be a contiguous float64 vector of length " + d + ", got " + y);
        }
        if (gradient != null && (gradient.dtype() != DType.F64 || gradient.stride() != 1 || gradient.length() != d)) {
            throw new IllegalArgumentException("the gradient must be a contiguous float64 vector of length " + d
                    + ", got " + gradient);
        }
    }
}
