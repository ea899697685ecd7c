package org.panopt.algorithms.bilevel;

import org.panopt.core.array.Vec;

/**
 * A {@link BilevelProblem} that can compute, for a given x, the inner solution {@code z*(x)}, the
 * adjoint {@code v*(x)} solving {@code ∇²_zz G·v = −∇_z F} and the hypergradient
 * {@code ∇h(x) = ∇_x F + ∇²_xz G·v*} — in closed form, or by a solver accurate to rounding. Used for
 * the progress metrics {@code ‖∇h(x)‖²} and {@code ‖z − z*(x)‖²}, and by tests.
 */
public interface ExactSolution {

    /** Writes {@code z*(x)}, {@code v*(x)} and {@code ∇h(x)}. Allocates nothing once warmed up. */
    void solve(Vec x, Vec zStar, Vec vStar, Vec hypergradient);
}
