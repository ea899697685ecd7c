package org.panopt.algorithms.landing;

/**
 * What the landing iterations and the Riemannian baselines share: a state sized once, stepped
 * without allocating, and read through accessors that allocate nothing either. The accessors
 * describe the last step taken (NaN before the first).
 */
public interface ManifoldIteration {
    /** One step; allocates nothing once warmed up. */
    void step();

    /** Steps taken. */
    long iterations();

    /** f at the point the last step started from, as the oracle returned it (NaN if it gives none). */
    double objective();

    /**
     * Distance to the constraint set of the point the last step started from: {@code ‖XᵀX − I‖}
     * (or {@code ‖XᵀBX − I‖}), Frobenius norm.
     */
    double distance();

    /** The step size used by the last step (after any safe-step cap). */
    double stepSize();

    /**
     * The stationarity measure of the last step: the landing field's norm {@code ‖Λ‖} (zero exactly at
     * critical points on the manifold) or the Riemannian gradient's norm.
     */
    double residual();

    /**
     * Steps until {@link #residual()} ≤ {@code tol} or {@code maxIterations} more steps were taken;
     * allocates only the returned record.
     */
    default Result run(long maxIterations, double tol) {
        long start = iterations();
        long t0 = System.nanoTime();
        while (iterations() - start < maxIterations) {
            step();
            if (residual() <= tol) {
                break;
            }
        }
        return new Result(iterations(), objective(), distance(), residual(), stepSize(), residual() <= tol,
                (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * The summary of a {@link #run}.
     *
     * @param iterations total steps taken
     * @param objective  f at the start of the last step
     * @param distance   distance to the manifold at the start of the last step
     * @param residual   the last stationarity measure
     * @param stepSize   the last step size
     * @param converged  whether the residual reached the tolerance
     * @param seconds    wall time of the run
     */
    record Result(long iterations, double objective, double distance, double residual, double stepSize,
                  boolean converged, double seconds) {
    }
}
