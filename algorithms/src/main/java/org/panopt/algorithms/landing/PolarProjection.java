package org.panopt.algorithms.landing;

import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * The polar factor {@code Y (YᵀY)^{-1/2}} of an {@code n × p} matrix (its closest point on the Stiefel
 * manifold) by the Newton–Schulz iteration {@code Y ← Y (3I − YᵀY) / 2} (Higham, <i>Functions of
 * Matrices</i>, 2008, eq. 8.20): matrix products only, so it runs on any backend, and allocates
 * nothing. It converges quadratically when every singular value lies in (0, √3); a start with
 * {@code ‖YᵀY − I‖ ≥ 1} is first scaled by {@code 1/‖Y‖} (all singular values ≤ 1, at the cost of
 * a slow linear start for ill-conditioned Y). Each iteration costs a SYRK and a GEMM (3np² flops).
 *
 * @param <M> the matrix view type
 */
public final class PolarProjection<M extends MatrixView<M>> {
    private static final int MAX_ITERATIONS = 100;
    private final Backend<M> be;
    private final M s;
    private final M k;
    private final M tmp;
    private final double tol;
    private int lastIterations;
    private double lastDistance = Double.NaN;

    /** Sized for {@code n × p} matrices of {@code dtype}. */
    public PolarProjection(Backend<M> backend, Workspace ws, DType dtype, int n, int p) {
        this.be = backend;
        this.s = backend.allocate(ws, dtype, p, p);
        this.k = backend.allocate(ws, dtype, p, p);
        this.tmp = backend.allocate(ws, dtype, n, p);
        // a few units in the last place of a p x p Gram matrix's entries, summed in Frobenius norm
        double ulp = dtype == DType.F64 ? 0x1p-52 : 0x1p-23;
        this.tol = 8 * ulp * p;
    }

    /**
     * Replaces {@code y} by its polar factor.
     *
     * @throws IllegalArgumentException if y is not the size this projection was made for
     * @throws IllegalStateException    if y is rank-deficient, not finite, or the iteration did not converge
     */
    public void project(M y) {
        Args.shape("y", y, tmp.rows(), tmp.cols(), tmp);
        lastIterations = 0;
        double e = gramDistance(y);
        if (!Double.isFinite(e)) {
            throw new IllegalStateException("polar projection: the matrix is not finite");
        }
        if (e >= 1) {
            double nrm = be.norm(y);
            be.scale(1 / nrm, y);
            e = gramDistance(y);
        }
        double previous = Double.POSITIVE_INFINITY;
        // stop at the tolerance, or when round-off stops the decrease (after the quadratic phase)
        while (e > tol && (e < previous || e > 0.5)) {
            if (++lastIterations > MAX_ITERATIONS) {
                throw new IllegalStateException("polar projection: Newton-Schulz did not converge in " + MAX_ITERATIONS
                        + " iterations (distance " + e + "); is the matrix rank-deficient?");
            }
            // K = (3I − S)/2 = I − Δ/2, with s holding Δ = S − I
            be.copy(s, k);
            be.scale(-0.5, k);
            be.addIdentity(1, k);
            be.gemm(1, y, k, 0, tmp);
            be.copy(tmp, y);
            previous = e;
            e = gramDistance(y);
        }
        lastDistance = e;
    }

    /** Newton–Schulz iterations of the last {@link #project}. */
    public int iterations() {
        return lastIterations;
    }

    /** {@code ‖YᵀY − I‖} after the last {@link #project}. */
    public double distance() {
        return lastDistance;
    }

    /** s ← YᵀY − I; returns its norm. */
    private double gramDistance(M y) {
        be.syrk(1, y, 0, s);
        be.addIdentity(-1, s);
        return be.norm(s);
    }
}
