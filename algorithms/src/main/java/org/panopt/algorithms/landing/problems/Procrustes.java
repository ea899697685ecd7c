package org.panopt.algorithms.landing.problems;

import java.util.Objects;
import org.panopt.algorithms.landing.GradientOracle;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Orthogonal Procrustes: {@code min ½‖XA − B‖²} over {@code X ∈ St(n, p)} (p = n: the orthogonal
 * group), for A {@code p × m} and B {@code n × m}. With {@code C = AAᵀ} and {@code E = BAᵀ}
 * precomputed, the gradient {@code (XA − B)Aᵀ = XC − E} is one GEMM, and
 * {@code f = ½⟨X, G⟩ − ½⟨X, E⟩ + ½‖B‖²} two dot products. The minimiser on the manifold is the polar
 * factor of E, {@code UVᵀ} for {@code E = UΣVᵀ}, with value {@code ½(‖A‖² + ‖B‖²) − Σσ_i}.
 *
 * @param <M> the matrix view type
 */
public final class Procrustes<M extends MatrixView<M>> implements GradientOracle<M> {
    private final Backend<M> be;
    private final M c;
    private final M e;
    private final double halfB2;

    /** Precomputes {@code AAᵀ} and {@code BAᵀ} into the workspace. */
    public Procrustes(Backend<M> backend, Workspace ws, M a, M b) {
        this.be = Objects.requireNonNull(backend, "backend");
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("A (p x m) and B (n x m) need the same number of columns, got A "
                    + a.rows() + "x" + a.cols() + ", B " + b.rows() + "x" + b.cols());
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("A is " + a.dtype() + ", B is " + b.dtype());
        }
        this.c = backend.allocate(ws, a.dtype(), a.rows(), a.rows());
        this.e = backend.allocate(ws, a.dtype(), b.rows(), a.rows());
        backend.syrk(1, a.t(), 0, c);
        backend.gemm(1, b, a.t(), 0, e);
        double nb = backend.norm(b);
        this.halfB2 = 0.5 * nb * nb;
    }

    /** {@code E = BAᵀ} ({@code n × p}), whose polar factor is the solution. */
    public M e() {
        return e;
    }

    /** {@code C = AAᵀ} ({@code p × p}). */
    public M c() {
        return c;
    }

    /** ½‖B‖². */
    public double halfNormB2() {
        return halfB2;
    }

    @Override
    public double gradient(M x, M out) {
        be.gemm(1, x, c, 0, out);
        be.axpy(-1, e, out);
        return 0.5 * be.dot(x, out) - 0.5 * be.dot(x, e) + halfB2;
    }
}
