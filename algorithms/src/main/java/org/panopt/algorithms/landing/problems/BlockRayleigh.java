package org.panopt.algorithms.landing.problems;

import java.util.Objects;
import org.panopt.algorithms.landing.GradientOracle;
import org.panopt.core.array.MatrixView;
import org.panopt.core.backend.Backend;

/**
 * The block Rayleigh quotient {@code f(X) = −½ tr(XᵀAX)} of a symmetric {@code n × n} A, gradient
 * {@code −AX} (one GEMM) and {@code f = ½⟨X, G⟩}. On St(n, p) its minimisers span the top-p
 * eigenvectors of A (PCA when A is a covariance); on {@code {XᵀBX = I}} (with
 * {@link org.panopt.algorithms.landing.BOperator}) the top-p generalized eigenvectors of (A, B), the
 * generalized eigenvalue problem (GEVP), of which CCA is an instance ({@link Cca}).
 *
 * @param <M> the matrix view type
 */
public final class BlockRayleigh<M extends MatrixView<M>> implements GradientOracle<M> {
    private final Backend<M> be;
    private final M a;

    /** A must be square and symmetric (only its products are used; symmetry is the caller's promise). */
    public BlockRayleigh(Backend<M> backend, M a) {
        this.be = Objects.requireNonNull(backend, "backend");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("A must be square, got " + a.rows() + "x" + a.cols());
        }
        this.a = a;
    }

    /** The matrix A. */
    public M a() {
        return a;
    }

    @Override
    public double gradient(M x, M out) {
        be.gemm(-1, a, x, 0, out);
        return 0.5 * be.dot(x, out);
    }
}
