package org.panopt.algorithms.landing;

import java.util.Objects;
import org.panopt.algorithms.optim.schedule.Schedule;
import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Landing on the generalized Stiefel manifold {@code {X : XᵀBX = I}}, B symmetric positive definite
 * and known through products {@code B·X} (SPEC §1c; Vary, Ablin, Gao &amp; Absil 2024). With
 * {@code BX = B·X}, {@code T = XᵀBX}, {@code W = (BX)ᵀ(BX)}, {@code V = Gᵀ(BX)}:
 * <pre>
 *   N = BX (T − I),   R = ½ (G W − BX V) = skew(G Xᵀ B) BX,   X ← X − η (R + ω N)
 * </pre>
 * computed as {@code R + ωN = G(½W) + BX(ω(T − I) − ½V)}: the B product, then a GEMM, a SYRK and three
 * GEMMs of size O(np²). No safe step (it would need bounds on B's spectrum); the reported distance is
 * {@code ‖XᵀBX − I‖} at the point each step starts from. {@link #step()} allocates nothing (given an
 * allocation-free oracle and B operator) and throws {@link IllegalStateException} if the field is not
 * finite, leaving X unchanged.
 *
 * @param <M> the matrix view type of the backend
 */
public final class GeneralizedStiefelLanding<M extends MatrixView<M>> extends SteppedIteration {
    private final Backend<M> be;
    private final M x;
    private final GradientOracle<M> oracle;
    private final BOperator<M> b;
    private final Schedule schedule;
    private final double omega;
    private final M xT;     // transposed views made once: one per step would allocate
    private final M g;
    private final M gT;
    private final M bx;
    private final M t;
    private final M w;
    private final M v;
    private final M field;


    /**
     * @param x      the start point, {@code n × p} with {@code n ≥ p}; updated in place by every step
     * @param oracle a Euclidean gradient oracle
     * @param b      writes {@code B·X}
     */
    public GeneralizedStiefelLanding(Backend<M> backend, Workspace ws, M x, GradientOracle<M> oracle, BOperator<M> b,
                                     GeneralizedLandingOptions options) {
        this.be = Objects.requireNonNull(backend, "backend");
        this.x = Objects.requireNonNull(x, "x");
        this.oracle = Objects.requireNonNull(oracle, "oracle");
        this.b = Objects.requireNonNull(b, "b");
        Objects.requireNonNull(options, "options");
        Args.stiefel(x);
        if (oracle.kind() != GradientKind.EUCLIDEAN) {
            throw new IllegalArgumentException("generalized Stiefel landing needs a Euclidean gradient oracle");
        }
        this.schedule = options.schedule();
        this.omega = options.omega();
        int n = x.rows();
        int p = x.cols();
        DType dt = x.dtype();
        this.xT = x.t();
        this.g = backend.allocate(ws, dt, n, p);
        this.gT = g.t();
        this.bx = backend.allocate(ws, dt, n, p);
        this.t = backend.allocate(ws, dt, p, p);
        this.w = backend.allocate(ws, dt, p, p);
        this.v = backend.allocate(ws, dt, p, p);
        this.field = backend.allocate(ws, dt, n, p);
    }

    /** The iterate (the caller's matrix, updated in place). */
    public M x() {
        return x;
    }

    @Override
    public void step() {
        double f = oracle.gradient(x, g);
        b.apply(x, bx);
        be.gemm(1, xT, bx, 0, t);          // T = XᵀBX
        be.addIdentity(-1, t);                // T − I
        double d = be.norm(t);
        be.syrk(1, bx, 0, w);                 // W = (BX)ᵀ(BX)
        be.gemm(1, gT, bx, 0, v);          // V = Gᵀ BX
        be.geam(omega, t, -0.5, v, v);        // K = ω(T − I) − ½V
        be.gemm(0.5, g, w, 0, field);         // Λ = ½ G W + BX K
        be.gemm(1, bx, v, 1, field);
        double gn = be.norm(field);
        if (!Double.isFinite(gn) || !Double.isFinite(d)) {
            throw new IllegalStateException("generalized landing step " + iterations() + ": the field is not finite"
                    + " (norm " + gn + ", distance " + d + "); the iterate is unchanged");
        }
        double eta = schedule.at(iterations());
        be.axpy(-eta, field, x);
        record(f, d, eta, gn);
    }
}
