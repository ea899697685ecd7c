package org.panopt.algorithms.retraction;

import java.util.Objects;
import org.panopt.algorithms.landing.Args;
import org.panopt.algorithms.landing.GradientKind;
import org.panopt.algorithms.landing.GradientOracle;
import org.panopt.algorithms.landing.SteppedIteration;
import org.panopt.algorithms.optim.schedule.Constant;
import org.panopt.algorithms.optim.schedule.Schedule;
import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * The Riemannian baseline of the landing (SPEC §1d): gradient descent on St(n, p) with the
 * Euclidean metric, {@code grad = G − X sym(XᵀG)}, and {@code X ← R(X − η grad)} for a
 * {@link Retraction} R (QR or polar). The gradient costs two GEMMs (4np² flops) on the backend, then
 * the retraction. {@link #step()} allocates nothing once warmed up (given an allocation-free oracle
 * and retraction).
 *
 * @param <M> the matrix view type of the backend
 */
public final class RiemannianGradientDescent<M extends MatrixView<M>> extends SteppedIteration {
    /**
     * Options.
     *
     * @param schedule        the step η per step
     * @param measureDistance compute {@code ‖XᵀX − I‖} each step (one extra SYRK, np² flops) for
     *                        {@link #distance()}; default on (turned off for timing)
     */
    public record Options(Schedule schedule, boolean measureDistance) {
        public Options {
            Objects.requireNonNull(schedule, "schedule");
        }

        /** Constant step η, distance measured. */
        public static Options defaults(double eta) {
            return new Options(new Constant(eta), true);
        }

        public Options withMeasureDistance(boolean v) {
            return new Options(schedule, v);
        }
    }

    private final Backend<M> be;
    private final M x;
    private final GradientOracle<M> oracle;
    private final Retraction<M> retraction;
    private final Options options;
    private final M xT;     // transposed views made once: one per step would allocate
    private final M g;
    private final M u;
    private final M uT;
    private final M sym;
    private final M y;
    private final M s;


    /**
     * @param x the start point on the manifold ({@code n × p}, {@code n ≥ p}); updated in place
     */
    public RiemannianGradientDescent(Backend<M> backend, Workspace ws, M x, GradientOracle<M> oracle,
                                     Retraction<M> retraction, Options options) {
        this.be = Objects.requireNonNull(backend, "backend");
        this.x = Objects.requireNonNull(x, "x");
        this.oracle = Objects.requireNonNull(oracle, "oracle");
        this.retraction = Objects.requireNonNull(retraction, "retraction");
        this.options = Objects.requireNonNull(options, "options");
        Args.stiefel(x);
        if (oracle.kind() != GradientKind.EUCLIDEAN) {
            throw new IllegalArgumentException("the Riemannian baseline needs a Euclidean gradient oracle");
        }
        int n = x.rows();
        int p = x.cols();
        DType dt = x.dtype();
        this.xT = x.t();
        this.g = backend.allocate(ws, dt, n, p);
        this.u = backend.allocate(ws, dt, p, p);
        this.uT = u.t();
        this.sym = backend.allocate(ws, dt, p, p);
        this.y = backend.allocate(ws, dt, n, p);
        this.s = options.measureDistance() ? backend.allocate(ws, dt, p, p) : null;
    }

    /** The iterate (the caller's matrix, updated in place). */
    public M x() {
        return x;
    }

    /** The retraction in use. */
    public Retraction<M> retraction() {
        return retraction;
    }

    @Override
    public void step() {
        double f = oracle.gradient(x, g);
        double d = Double.NaN;
        if (s != null) {
            be.syrk(1, x, 0, s);
            be.addIdentity(-1, s);
            d = be.norm(s);
        }
        be.gemm(1, xT, g, 0, u);           // U = XᵀG
        be.geam(0.5, u, 0.5, uT, sym);     // sym(U)
        be.gemm(-1, x, sym, 1, g);            // grad = G − X sym(U)
        double gn = be.norm(g);
        if (!Double.isFinite(gn)) {
            throw new IllegalStateException("Riemannian step " + iterations() + ": the gradient is not finite;"
                    + " the iterate is unchanged");
        }
        double eta = options.schedule().at(iterations());
        be.geam(1, x, -eta, g, y);            // Y = X − η grad
        retraction.retract(y);
        be.copy(y, x);
        record(f, d, eta, gn);
    }
}
