package org.panopt.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.panopt.algorithms.landing.BOperator;
import org.panopt.algorithms.landing.GeneralizedLandingOptions;
import org.panopt.algorithms.landing.GeneralizedStiefelLanding;
import org.panopt.algorithms.landing.GradientOracle;
import org.panopt.algorithms.landing.LandingOptions;
import org.panopt.algorithms.landing.ManifoldIteration;
import org.panopt.algorithms.landing.PolarProjection;
import org.panopt.algorithms.landing.StiefelLanding;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.algorithms.retraction.Retraction;
import org.panopt.algorithms.retraction.Retractions;
import org.panopt.algorithms.retraction.RiemannianGradientDescent;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.core.backend.DispatchingBackend;
import org.panopt.core.npy.Npy;

/**
 * {@code panopt landing}: solves an orthogonality-constrained problem from .npy files by landing (or
 * a Riemannian QR/polar baseline) and reports objective, distance to the manifold, iterations, time.
 */
final class LandingCommand implements Command {
    @Override
    public String name() {
        return "landing";
    }

    @Override
    public String summary() {
        return "optimise under orthogonality constraints (Procrustes, PCA, GEVP) from .npy files";
    }

    @Override
    public String help() {
        return """
                usage: panopt landing --problem procrustes|pca|gevp --a A.npy [--b B.npy] [--p P]
                                      [--step S] [--lambda L] [--eps E] [--iters N] [--tol T]
                                      [--method landing|qr|polar] [--out X.npy] [--json]

                Problems (float64; .npy files in C or Fortran order, float32 inputs are widened):
                  procrustes  min 1/2 ||X A - B||^2 over X with orthonormal columns: A is p x m, B is n x m,
                              X is n x p (the orthogonal group when n = p)
                  pca         top-p eigenvectors of the symmetric n x n A: min -1/2 tr(X^T A X), X^T X = I
                  gevp        top-p generalized eigenvectors of (A, B), B symmetric positive definite:
                              min -1/2 tr(X^T A X) s.t. X^T B X = I (landing only)

                  --p P       columns of X for pca and gevp (default 1)
                  --step S    step size (default: 1/||A A^T|| for procrustes, 1/||A|| otherwise, Frobenius)
                  --lambda L  landing lambda, the normal term's weight (gevp: omega) (default 1)
                  --eps E     safe-step distance to the manifold, in (0, 1) (default 0.5)
                  --iters N   at most N steps (default 1000)
                  --tol T     stop when the field (or Riemannian gradient) norm is <= T (default 1e-10)
                  --method M  landing (default), qr or polar (Riemannian gradient descent baselines)
                  --out X.npy write the solution X
                  --json      one JSON object: objective, distance, residual, iterations, seconds
                The start point is a seeded random point on the manifold.
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("problem", "a", "b", "p", "step", "lambda", "eps", "iters", "tol", "method", "out");
    }

    @Override
    public Set<String> flags() {
        return Set.of("json");
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        String problem = o.required("problem");
        if (!Set.of("procrustes", "pca", "gevp").contains(problem)) {
            throw new UsageException("--problem must be procrustes, pca or gevp, got '" + problem + "'");
        }
        String method = o.string("method", "landing");
        if (!Set.of("landing", "qr", "polar").contains(method)) {
            throw new UsageException("--method must be landing, qr or polar, got '" + method + "'");
        }
        if (problem.equals("gevp") && !method.equals("landing")) {
            throw new UsageException("--problem gevp is solved by landing only (the baselines retract onto XᵀX = I)");
        }
        boolean needsB = !problem.equals("pca");
        if (needsB != o.has("b")) {
            throw new UsageException(needsB ? "--problem " + problem + " needs --b" : "--problem pca takes no --b");
        }
        int iters = o.integer("iters", 1000);
        double tol = o.real("tol", 1e-10);
        double lambda = o.real("lambda", 1);
        double eps = o.real("eps", 0.5);
        if (iters < 0) {
            throw new UsageException("--iters must be >= 0, got " + iters);
        }
        if (!(tol >= 0)) {
            throw new UsageException("--tol must be >= 0, got " + tol);
        }
        Backend<Matrix> be = DispatchingBackend.host();
        try (Workspace ws = Workspace.create()) {
            Matrix a = load(ws, o.path("a"), "--a");
            Matrix b = needsB ? load(ws, o.path("b"), "--b") : null;
            int n;
            int p;
            if (problem.equals("procrustes")) {
                n = b.rows();
                p = a.rows();
                if (a.cols() != b.cols() || n < p) {
                    throw new IllegalArgumentException("procrustes needs A p x m and B n x m with n >= p, got A "
                            + a.rows() + "x" + a.cols() + " and B " + b.rows() + "x" + b.cols());
                }
            } else {
                n = a.rows();
                p = o.integer("p", 1);
                square("A", a);
                if (b != null) {
                    square("B", b);
                    if (b.rows() != n) {
                        throw new IllegalArgumentException("A is " + n + "x" + n + " but B is " + b.rows() + "x"
                                + b.cols());
                    }
                }
                if (p < 1 || p > n) {
                    throw new UsageException("--p must be in [1, " + n + "], got " + p);
                }
            }
            GradientOracle<Matrix> oracle;
            double scale;
            if (problem.equals("procrustes")) {
                Procrustes<Matrix> f = new Procrustes<>(be, ws, a, b);
                oracle = f;
                scale = be.norm(f.c());
            } else {
                oracle = new BlockRayleigh<>(be, a);
                scale = be.norm(a);
            }
            double step = o.real("step", scale > 0 ? 1 / scale : 1);
            if (!(step > 0) || Double.isInfinite(step)) {
                throw new UsageException("--step must be a finite number > 0, got " + step);
            }
            Matrix x = start(be, ws, n, p, b, problem.equals("gevp"));
            ManifoldIteration it;
            if (problem.equals("gevp")) {
                it = new GeneralizedStiefelLanding<>(be, ws, x, oracle, BOperator.matrix(be, b),
                        GeneralizedLandingOptions.defaults(step).withOmega(lambda));
            } else if (method.equals("landing")) {
                it = StiefelLanding.of(be, ws, x, oracle, LandingOptions.defaults(step).withLambda(lambda).withEps(eps));
            } else {
                Retraction<Matrix> r = method.equals("qr") ? Retractions.qr(ws, DType.F64, n, p)
                        : Retractions.polar(be, ws, DType.F64, n, p);
                it = new RiemannianGradientDescent<>(be, ws, x, oracle, r, RiemannianGradientDescent.Options.defaults(step));
            }
            ManifoldIteration.Result r = it.run(iters, tol);
            if (o.has("out")) {
                Npy.write(o.path("out"), x);
            }
            if (o.flag("json")) {
                out.println(String.format(Locale.ROOT, "{\"problem\": \"%s\", \"method\": \"%s\", \"n\": %d, \"p\": %d,"
                                + " \"objective\": %s, \"distance\": %s, \"residual\": %s, \"iterations\": %d,"
                                + " \"seconds\": %s, \"converged\": %b}", problem, method, n, p, json(r.objective()),
                        json(r.distance()), json(r.residual()), r.iterations(), json(r.seconds()), r.converged()));
            } else {
                out.printf(Locale.ROOT, "%s by %s on %s, X %dx%d: %s after %d steps in %.3f s%n", problem, method,
                        be.name(), n, p, r.converged() ? "converged" : "stopped", r.iterations(), r.seconds());
                out.printf(Locale.ROOT, "objective %.12g, distance to the manifold %.3e, residual %.3e%n",
                        r.objective(), r.distance(), r.residual());
                if (o.has("out")) {
                    out.println("wrote " + o.path("out"));
                }
            }
            return 0;
        }
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static void square(String name, Matrix m) {
        if (m.rows() != m.cols()) {
            throw new IllegalArgumentException(name + " must be square, got " + m.rows() + "x" + m.cols());
        }
    }

    /** A float64 copy of a 2-D .npy array, checked finite. */
    static Matrix load(Workspace ws, Path file, String option) throws java.io.IOException {
        Matrix m = Npy.read(file, ws.arena()).matrix();
        Matrix c = ws.matrix(DType.F64, m.rows(), m.cols());
        c.copyFrom(m);
        for (int j = 0; j < c.cols(); j++) {
            for (int i = 0; i < c.rows(); i++) {
                if (!Double.isFinite(c.get(i, j))) {
                    throw new IllegalArgumentException(option + " " + file + ": element (" + i + ", " + j + ") is "
                            + c.get(i, j));
                }
            }
        }
        return c;
    }

    /**
     * A seeded random start on the manifold: Y (YᵀY)^{-1/2} by projecting, or for gevp Y L⁻ᵀ with
     * YᵀBY = LLᵀ (Cholesky, p × p, in Java).
     */
    private static Matrix start(Backend<Matrix> be, Workspace ws, int n, int p, Matrix b, boolean generalized) {
        Matrix y = ws.matrix(DType.F64, n, p);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                y.set(i, j, rnd.nextDouble() - 0.5);
            }
        }
        if (!generalized) {
            new PolarProjection<>(be, ws, DType.F64, n, p).project(y);
            return y;
        }
        Matrix by = ws.matrix(DType.F64, n, p);
        be.gemm(1, b, y, 0, by);
        Matrix m = ws.matrix(DType.F64, p, p);
        be.gemm(1, y.t(), by, 0, m);
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = m.get(j, j);
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("B is not positive definite (Cholesky of YᵀBY failed at column "
                        + j + ")");
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < p; i++) {
                double v = m.get(i, j);
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                l[i][j] = v / l[j][j];
            }
        }
        // X = Y L⁻ᵀ, row by row: solve L xᵢ = yᵢ (xᵢ, yᵢ the rows as column vectors)
        Matrix x = ws.matrix(DType.F64, n, p);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < p; j++) {
                double v = y.get(r, j);
                for (int k = 0; k < j; k++) {
                    v -= l[j][k] * x.get(r, k);
                }
                x.set(r, j, v / l[j][j]);
            }
        }
        return x;
    }
}
