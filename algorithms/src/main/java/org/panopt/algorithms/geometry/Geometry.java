package org.panopt.algorithms.geometry;

import org.panopt.core.array.DType;
import org.panopt.core.array.Workspace;

/**
 * The ground cost {@code C ∈ R^{n×m}} of a transport problem, kept apart from the problem (weights)
 * and the solver, as in OTT-JAX: either a materialised matrix ({@link CostMatrix}) or points with a
 * cost function ({@link PointCloud}), whose entries are computed tile by tile inside the reductions so
 * that memory stays {@code O((n + m)·d)}.
 *
 * <p>A geometry is an immutable description over views the caller owns; the work happens in the
 * {@link CostReducer}s it hands out, which own their scratch memory.
 */
public sealed interface Geometry permits CostMatrix, PointCloud {
    /** Number of source points (rows of C). */
    int n();

    /** Number of target points (columns of C). */
    int m();

    /** Element type the reductions compute in (the dtype of the matrix or of the points). */
    DType dtype();

    /** One entry {@code C_ij}, computed in float64 (for statistics, tests and small problems, not hot loops). */
    double cost(int i, int j);

    /** Whether C is materialised in memory ({@code false}: computed on the fly from points). */
    boolean isDense();

    /**
     * {@code count} reduction engines over this geometry, sharing whatever read-only data they can
     * (e.g. centred copies of the points), each with its own scratch taken from {@code ws}: one per
     * thread of a parallel solver.
     */
    CostReducer[] reducers(Workspace ws, int count);
}
