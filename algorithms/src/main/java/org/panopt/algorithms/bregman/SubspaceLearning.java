package org.panopt.algorithms.bregman;

import java.util.Objects;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.geometry.TranslationInvariantCost;
import org.panopt.algorithms.landing.GradientOracle;
import org.panopt.algorithms.landing.LandingOptions;
import org.panopt.algorithms.landing.ManifoldIteration;
import org.panopt.algorithms.landing.PolarProjection;
import org.panopt.algorithms.landing.StiefelLanding;
import org.panopt.algorithms.retraction.Retractions;
import org.panopt.algorithms.retraction.RiemannianGradientDescent;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.core.backend.DispatchingBackend;

/**
 * Learning the subspace of a subspace cost (SPEC §3c; Klein et al., <i>Learning costs for structured
 * Monge displacements</i>, 2023): {@code h_A(z) = ½‖z‖² + (γ/2)‖(I − AᵀA)z‖²} with A ∈ R^{k×d} of
 * orthonormal rows, i.e. {@code ½‖·‖² + γ·}{@link org.panopt.algorithms.prox.Subspace}.
 *
 * <p><b>Loss.</b> The entropic transport cost between the sources and the targets under {@code h_A},
 * {@code W(A) = min_P ⟨P, C_A⟩ − εH(P)} (the Sinkhorn primal, equal to its dual at the optimum). It
 * is the fitted map's objective: the MBO map of {@code h_A} is built from its potentials. By Danskin's
 * theorem {@code ∇_A W = Σ_ij P*_ij ∇_A h_A(x_i − y_j)}; with the plan-weighted second moment of the
 * displacements {@code M = Σ_ij P*_ij z_ij z_ijᵀ} ({@code z_ij = x_i − y_j}) and {@code X = Aᵀ}
 * (d × k), the Euclidean gradient is
 * {@code ∂W/∂X = −γ[(I − XXᵀ)MX + M(I − XXᵀ)X]} — valid off the manifold too, which the landing
 * needs (on it the second term vanishes). Minimising W moves span(Aᵀ) towards the directions in which
 * the displacements carry the most energy: its fixed points are spanned by eigenvectors of M. SPEC
 * leaves the paper's exact loss open; this is the machinery (loss, gradient, Stiefel step) on the
 * plainest choice.
 *
 * <p><b>Step.</b> X lives on the Stiefel manifold St(d, k): either Riemannian gradient descent with
 * the QR retraction ({@link Method#QR}) or the landing ({@link Method#LANDING}, SPEC §1), whose final
 * iterate is projected onto the manifold (polar factor). Each step solves one Sinkhorn problem, warm
 * started from the previous potentials: on the cost matrix of {@code h_A} when {@code n·m ≤}
 * {@link MongeBregmanOccamMap#DENSE_LIMIT} (computed once per step), else on the streamed point cloud.
 */
public final class SubspaceLearning {
    /** The Stiefel step. */
    public enum Method {
        /** Riemannian gradient descent with the QR retraction. */
        QR,
        /** The landing field (no retraction). */
        LANDING
    }

    /**
     * Options.
     *
     * @param gamma    γ of the cost (&gt; 0)
     * @param epsilon  ε of the entropic problems (&gt; 0)
     * @param step     step size η of the manifold iteration
     * @param steps    number of steps
     * @param method   QR retraction (default) or landing
     * @param sinkhorn Sinkhorn options of each solve (ε is overridden by {@code epsilon}); default
     *                 threshold 1e-6
     */
    public record Options(double gamma, double epsilon, double step, int steps, Method method,
                          SinkhornOptions sinkhorn) {
        public Options {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(sinkhorn, "sinkhorn");
            if (!(gamma > 0 && Double.isFinite(gamma)) || !(epsilon > 0 && Double.isFinite(epsilon))
                    || !(step > 0 && Double.isFinite(step)) || steps < 0) {
                throw new IllegalArgumentException("need gamma, epsilon, step finite and > 0 and steps >= 0, got "
                        + gamma + ", " + epsilon + ", " + step + ", " + steps);
            }
        }

        /** QR retraction, Sinkhorn threshold 1e-6. */
        public static Options defaults(double gamma, double epsilon, double step, int steps) {
            return new Options(gamma, epsilon, step, steps, Method.QR,
                    SinkhornOptions.defaults().withThreshold(1e-6).withMaxIterations(5000));
        }

        public Options withMethod(Method m) {
            return new Options(gamma, epsilon, step, steps, m, sinkhorn);
        }
    }

    /**
     * What a run produced.
     *
     * @param basis      the learned {@code k × d} basis, orthonormal rows
     * @param objectives W at the start of each step
     */
    public record Result(double[][] basis, double[] objectives) {
    }

    private SubspaceLearning() {
    }

    /** A seeded random k × d basis with orthonormal rows (Gram–Schmidt, twice, of Gaussian rows): a start. */
    public static double[][] randomBasis(int k, int d, long seed) {
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("need 1 <= k <= d, got k = " + k + ", d = " + d);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[][] a = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < d; c++) {
                a[i][c] = r.nextGaussian();
            }
            for (int round = 0; round < 2; round++) {
                for (int l = 0; l < i; l++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += a[i][c] * a[l][c];
                    }
                    for (int c = 0; c < d; c++) {
                        a[i][c] -= dot * a[l][c];
                    }
                }
            }
            double norm = 0;
            for (int c = 0; c < d; c++) {
                norm += a[i][c] * a[i][c];
            }
            for (int c = 0; c < d; c++) {
                a[i][c] /= Math.sqrt(norm);
            }
        }
        return a;
    }

    /**
     * Learns A from sources x (n × d) and targets y (m × d), float64, starting from {@code initial}
     * (k × d, orthonormal rows).
     */
    public static Result learn(Matrix x, Matrix y, double[][] initial, Options options) {
        int k = initial.length;
        int d = x.cols();
        if (k < 1 || k > d || initial[0].length != d || y.cols() != d) {
            throw new IllegalArgumentException("need x n x d, y m x d and an initial k x d basis with 1 <= k <= d");
        }
        Backend<Matrix> be = DispatchingBackend.host();
        try (Workspace ws = Workspace.create()) {
            Matrix at = ws.matrix(DType.F64, d, k);
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < d; c++) {
                    at.set(c, i, initial[i][c]);
                }
            }
            Oracle oracle = new Oracle(be, ws, x, y, k, options);
            ManifoldIteration it = options.method() == Method.QR
                    ? new RiemannianGradientDescent<>(be, ws, at, oracle, Retractions.qr(ws, DType.F64, d, k),
                    RiemannianGradientDescent.Options.defaults(options.step()).withMeasureDistance(false))
                    : StiefelLanding.of(be, ws, at, oracle, LandingOptions.defaults(options.step()));
            double[] objectives = new double[options.steps()];
            for (int s = 0; s < options.steps(); s++) {
                it.step();
                objectives[s] = it.objective();
            }
            if (options.method() == Method.LANDING) {
                new PolarProjection<>(be, ws, DType.F64, d, k).project(at);
            }
            double[][] basis = new double[k][d];
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < d; c++) {
                    basis[i][c] = at.get(c, i);
                }
            }
            return new Result(basis, objectives);
        }
    }

    /**
     * The loss W and its Euclidean gradient with respect to {@code X = Aᵀ} (d × k), as a landing /
     * Riemannian gradient oracle. Each call solves a Sinkhorn problem (warm started) and allocates
     * (the solve's workspace and plan): this oracle drives an outer loop, not a hot path.
     */
    public static final class Oracle implements GradientOracle<Matrix> {
        private final Backend<Matrix> be;
        private final Matrix x;
        private final Matrix y;
        private final int d;
        private final int k;
        private final Options options;
        private final Matrix scaledX;
        private final Matrix scaledY;
        private final Matrix py;
        private final Matrix cross;
        private final Matrix moment;
        private final Matrix mx;
        private final Matrix xtmx;
        private final Matrix xtx;
        private final Matrix dense;
        private double[] f;
        private double[] g;

        public Oracle(Backend<Matrix> backend, Workspace ws, Matrix x, Matrix y, int k, Options options) {
            this.be = Objects.requireNonNull(backend, "backend");
            this.x = x;
            this.y = y;
            this.d = x.cols();
            this.k = k;
            this.options = Objects.requireNonNull(options, "options");
            int n = x.rows();
            int m = y.rows();
            scaledX = ws.matrix(DType.F64, n, d);
            scaledY = ws.matrix(DType.F64, m, d);
            py = ws.matrix(DType.F64, n, d);
            cross = ws.matrix(DType.F64, d, d);
            moment = ws.matrix(DType.F64, d, d);
            mx = ws.matrix(DType.F64, d, k);
            xtmx = ws.matrix(DType.F64, k, k);
            xtx = ws.matrix(DType.F64, k, k);
            dense = (long) n * m <= MongeBregmanOccamMap.DENSE_LIMIT ? ws.matrix(DType.F64, n, m) : null;
        }

        @Override
        public double gradient(Matrix at, Matrix out) {
            double[][] a = new double[k][d];
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < d; c++) {
                    a[i][c] = at.get(c, i);
                }
            }
            SinkhornResult r;
            SinkhornOptions so = options.sinkhorn().withEpsilon(options.epsilon()).withPlan(true);
            BasisCost h = new BasisCost(a, options.gamma());
            Geometry geometry = dense == null ? PointCloud.of(x, y, h) : CostMatrix.of(fill(h));
            try (Sinkhorn s = Sinkhorn.create(geometry, null, null, so)) {
                if (f != null) {
                    s.warmStart(f, g);
                }
                s.iterate();
                r = s.result();
            }
            f = r.f();
            g = r.g();
            Matrix p = r.planIfComputed().orElseThrow();
            secondMoment(p);
            // ∂W/∂X = γ[−2MX + X(XᵀMX) + MX(XᵀX)]
            be.gemm(1, moment, at, 0, mx);
            be.gemm(1, at.t(), mx, 0, xtmx);
            be.gemm(1, at.t(), at, 0, xtx);
            be.gemm(1, at, xtmx, 0, out);
            be.gemm(1, mx, xtx, 1, out);
            be.geam(options.gamma(), out, -2 * options.gamma(), mx, out);
            return r.primal() * r.costScale();
        }

        /** The dense cost {@code C_ij = h(x_i − y_j)}, computed once per call. */
        private Matrix fill(BasisCost h) {
            double[] z = new double[d];
            for (int i = 0; i < dense.rows(); i++) {
                for (int j = 0; j < dense.cols(); j++) {
                    for (int c = 0; c < d; c++) {
                        z[c] = x.get(i, c) - y.get(j, c);
                    }
                    dense.set(i, j, h.value(z));
                }
            }
            return dense;
        }

        /** {@code M = Σ_ij P_ij (x_i − y_j)(x_i − y_j)ᵀ = XᵀD_rX + YᵀD_cY − XᵀPY − (XᵀPY)ᵀ}. */
        private void secondMoment(Matrix p) {
            int n = x.rows();
            int m = y.rows();
            for (int i = 0; i < n; i++) {
                double ri = 0;
                for (int j = 0; j < m; j++) {
                    ri += p.get(i, j);
                }
                for (int c = 0; c < d; c++) {
                    scaledX.set(i, c, ri * x.get(i, c));
                }
            }
            for (int j = 0; j < m; j++) {
                double cj = 0;
                for (int i = 0; i < n; i++) {
                    cj += p.get(i, j);
                }
                for (int c = 0; c < d; c++) {
                    scaledY.set(j, c, cj * y.get(j, c));
                }
            }
            be.gemm(1, x.t(), scaledX, 0, moment);
            be.gemm(1, y.t(), scaledY, 1, moment);
            be.gemm(1, p, y, 0, py);
            be.gemm(1, x.t(), py, 0, cross);
            be.geam(-1, cross, 1, moment, moment);
            be.geam(-1, cross.t(), 1, moment, moment);
        }
    }

    /**
     * {@code h_A(z) = ½‖z‖² + (γ/2)‖(I − AᵀA)z‖²} for any A (the landing's iterates are near, not on,
     * the manifold), expanded as {@code ‖z‖² − 2‖Az‖² + (Az)ᵀ(AAᵀ)(Az)}; per-thread scratch for Az.
     */
    private static final class BasisCost implements TranslationInvariantCost {
        private final double[][] a;
        private final double[][] gram;
        private final double gamma;
        private final ThreadLocal<double[]> u;

        BasisCost(double[][] a, double gamma) {
            this.a = a;
            this.gamma = gamma;
            int k = a.length;
            this.gram = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    for (int c = 0; c < a[0].length; c++) {
                        gram[i][j] += a[i][c] * a[j][c];
                    }
                }
            }
            this.u = ThreadLocal.withInitial(() -> new double[k]);
        }

        @Override
        public double value(double[] z) {
            double[] az = u.get();
            double zz = 0;
            for (double v : z) {
                zz += v * v;
            }
            double uu = 0;
            for (int i = 0; i < a.length; i++) {
                double s = 0;
                for (int c = 0; c < z.length; c++) {
                    s += a[i][c] * z[c];
                }
                az[i] = s;
                uu += s * s;
            }
            double quad = 0;
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    quad += az[i] * gram[i][j] * az[j];
                }
            }
            return 0.5 * zz + 0.5 * gamma * Math.max(0, zz - 2 * uu + quad);
        }
    }
}
