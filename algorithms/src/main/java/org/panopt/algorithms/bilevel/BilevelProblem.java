package org.panopt.algorithms.bilevel;

import org.panopt.core.array.Vec;

/**
 * A bilevel empirical-risk problem (SPEC.md §4b): {@code min_x h(x) = F(z*(x), x)} with
 * {@code z*(x) = argmin_z G(z, x)}, {@code G = mean_i G_i} over n_in inner samples and
 * {@code F = mean_j F_j} over n_out outer samples; z ∈ R^p (inner), x ∈ R^q (outer).
 *
 * <p>The oracles act on contiguous sample ranges {@code [from, to)} and return batch means, into
 * caller buffers, allocating nothing; only gradients, Hessian-vector and cross Jacobian-vector
 * products are needed, never a Hessian. Implementations may keep scratch space (then they are not
 * thread-safe) and must accept any range inside {@code [0, n)}, the full range included.
 */
public interface BilevelProblem {

    /** p, the dimension of the inner variable z. */
    int innerDimension();

    /** q, the dimension of the outer variable x. */
    int outerDimension();

    /** n_in, the number of inner samples G_i. */
    int innerSamples();

    /** n_out, the number of outer samples F_j. */
    int outerSamples();

    /**
     * Means over inner samples {@code i ∈ [from, to)}: {@code gradZ ← ∇_z G_i(z, x)},
     * {@code hvp ← ∇²_zz G_i(z, x)·v} (p-vectors) and {@code cross ← ∇²_xz G_i(z, x)·v} (a q-vector).
     */
    void innerOracles(Vec z, Vec x, Vec v, int from, int to, Vec gradZ, Vec hvp, Vec cross);

    /** Means over outer samples {@code j ∈ [from, to)}: {@code gradZ ← ∇_z F_j(z, x)}, {@code gradX ← ∇_x F_j(z, x)}. */
    void outerOracles(Vec z, Vec x, int from, int to, Vec gradZ, Vec gradX);

    /** {@code G(z, x)} over all inner samples. */
    double innerValue(Vec z, Vec x);

    /** {@code F(z, x)} over all outer samples. */
    double outerValue(Vec z, Vec x);

    /**
     * Keeps x in the problem's admissible set after an outer step (e.g. bounds on log-regularisation
     * parameters); the default does nothing.
     */
    default void projectOuter(Vec x) {
    }
}
