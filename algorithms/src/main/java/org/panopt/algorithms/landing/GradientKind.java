package org.panopt.algorithms.landing;

/** What a gradient oracle writes. */
public enum GradientKind {
    /** The Euclidean gradient {@code G = ∇f(X)}, the same shape as X ({@code n × p}). */
    EUCLIDEAN,
    /**
     * The relative gradient {@code H = ∇f(X) Xᵀ} ({@code p × p}), for the orthogonal group only
     * ({@code n = p}): ICA-type oracles compute it directly, without ever forming G (SPEC §1b).
     */
    RELATIVE
}
