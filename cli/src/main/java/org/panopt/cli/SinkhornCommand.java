package org.panopt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.sinkhorn.EntropicMap;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.npy.Npy;
import org.panopt.core.npy.NpyArray;

/** {@code panopt sinkhorn}: entropic optimal transport between .npy point clouds or for a .npy cost. */
final class SinkhornCommand implements Command {
    /** Queries per pass of the entropic map (one workspace of this size is reused). */
    private static final int MAP_BATCH = 1024;

    @Override
    public String name() {
        return "sinkhorn";
    }

    @Override
    public String summary() {
        return "entropic optimal transport (log-domain Sinkhorn) between .npy points or for a .npy cost";
    }

    @Override
    public String help() {
        return """
                usage: panopt sinkhorn (--x X.npy --y Y.npy | --cost C.npy) [--a A.npy --b B.npy] [--eps E]
                                       [--tau T] [--threshold 1e-9] [--max-iter N] [--out-f F.npy --out-g G.npy]
                                       [--plan P.npy] [--map Z.npy --out-map T.npy] [--json]

                Solves min ⟨P, C⟩ − ε H(P) over couplings of a and b with the log-domain Sinkhorn iteration.

                  --x, --y      points, one per row (n × d and m × d): squared-Euclidean cost ‖x − y‖² (no ½),
                                computed tile by tile (memory O((n + m)·d))
                  --cost        a dense n × m cost matrix instead (memory-mapped, not copied)
                  --a, --b      weights (length n and m, positive); uniform if not given
                  --eps         regularisation ε (default 0.05·std(C))
                  --tau         unbalanced marginals, τ = ρ/(ρ + ε) in (0, 1] (default 1: balanced)
                  --threshold   stop when the marginal L1 error is below this (default 1e-9)
                  --max-iter    iteration cap (default 2000)
                  --out-f/--out-g  write the potentials f (length n) and g (length m)
                  --plan        write the plan P (n × m, float64)
                  --map Z.npy --out-map T.npy
                                evaluate the entropic map T(z) = Σ_j p_j(z) y_j at the rows of Z (needs --x/--y)
                  --json        print one JSON object: cost, dual, entropy, iterations, converged,
                                marginal error and timings in ms
                  --verbose     print stack traces of errors

                The computation runs in the dtype of the input files (float64 or float32).
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("x", "y", "cost", "a", "b", "eps", "tau", "threshold", "max-iter", "out-f", "out-g", "plan",
                "map", "out-map");
    }

    @Override
    public Set<String> flags() {
        return Set.of("json");
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        boolean points = o.has("x") || o.has("y");
        if (points == o.has("cost")) {
            throw new UsageException("give either --x and --y (points) or --cost (a cost matrix)");
        }
        if (points && !(o.has("x") && o.has("y"))) {
            throw new UsageException("--x and --y go together");
        }
        if (o.has("map") != o.has("out-map")) {
            throw new UsageException("--map and --out-map go together");
        }
        if (o.has("map") && !points) {
            throw new UsageException("--map needs the points (--x and --y): the map is Σ_j p_j(z) y_j");
        }
        SinkhornOptions options = SinkhornOptions.defaults()
                .withThreshold(o.real("threshold", 1e-9))
                .withMaxIterations(o.integer("max-iter", 2000));
        if (o.has("eps")) {
            double eps = o.real("eps", Double.NaN);
            if (!(eps > 0 && Double.isFinite(eps))) {
                throw new UsageException("--eps must be positive, got " + eps);
            }
            options = options.withEpsilon(eps);
        }
        if (o.has("tau")) {
            double tau = o.real("tau", 1);
            if (!(tau > 0 && tau <= 1)) {
                throw new UsageException("--tau must be in (0, 1], got " + tau);
            }
            options = options.withTau(tau);
        }
        if (options.maxIterations() < 0) {
            throw new UsageException("--max-iter must be >= 0");
        }
        options = options.withPlan(o.has("plan"));

        long t0 = System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            Geometry geometry;
            if (points) {
                Matrix x = matrix(o, "x", arena);
                Matrix y = matrix(o, "y", arena);
                if (x.cols() != y.cols()) {
                    throw new IllegalArgumentException("--x is " + shape(x) + " and --y is " + shape(y)
                            + ": the points must have the same dimension");
                }
                if (x.dtype() != y.dtype()) {
                    throw new IllegalArgumentException("--x is " + x.dtype() + " and --y is " + y.dtype());
                }
                geometry = PointCloud.squaredEuclidean(x, y);
            } else {
                Matrix c = matrix(o, "cost", arena);
                geometry = CostMatrix.of(c);
            }
            Vec a = o.has("a") ? vector(o, "a", arena, geometry.n(), "rows of the cost (n)") : null;
            Vec b = o.has("b") ? vector(o, "b", arena, geometry.m(), "columns of the cost (m)") : null;
            Matrix z = null;
            if (o.has("map")) {
                z = matrix(o, "map", arena);
                int d = ((PointCloud) geometry).dim();
                if (z.cols() != d) {
                    throw new IllegalArgumentException("--map is " + shape(z) + " but the points have dimension " + d);
                }
                if (z.dtype() != geometry.dtype()) {
                    throw new IllegalArgumentException("--map is " + z.dtype() + " but the points are " + geometry.dtype());
                }
            }
            long t1 = System.nanoTime();
            SinkhornResult r = Sinkhorn.solve(geometry, a, b, options);
            long t2 = System.nanoTime();
            if (o.has("out-f")) {
                Npy.write(o.path("out-f"), Vec.wrap(r.f()));
            }
            if (o.has("out-g")) {
                Npy.write(o.path("out-g"), Vec.wrap(r.g()));
            }
            if (o.has("plan")) {
                Npy.write(o.path("plan"), r.planIfComputed().orElseThrow());
            }
            long mapNanos = 0;
            if (z != null) {
                Matrix t = Matrix.allocate(arena, DType.F64, z.rows(), z.cols());
                long m0 = System.nanoTime();
                try (EntropicMap map = EntropicMap.create((PointCloud) geometry, r, Math.min(MAP_BATCH, z.rows()))) {
                    map.evaluate(z, t, null);
                }
                mapNanos = System.nanoTime() - m0;
                Npy.write(o.path("out-map"), t);
            }
            long t3 = System.nanoTime();
            double marginal = r.rowMarginalError() + r.colMarginalError();
            if (o.flag("json")) {
                out.println(String.format(Locale.ROOT, "{\"n\": %d, \"m\": %d, \"dtype\": \"%s\", \"streaming\": %b, "
                                + "\"epsilon\": %s, \"tau\": %s, \"cost\": %s, \"dual\": %s, \"entropy\": %s, "
                                + "\"iterations\": %d, \"converged\": %b, \"error\": %s, \"marginal_error\": %s, "
                                + "\"row_marginal_error\": %s, \"col_marginal_error\": %s, \"timings\": {\"load_ms\": %s, "
                                + "\"solve_ms\": %s, \"map_ms\": %s, \"total_ms\": %s}}",
                        geometry.n(), geometry.m(), geometry.dtype(), !geometry.isDense(), num(r.epsilon()),
                        num(options.tau()), num(r.transportCost()), num(r.dual()), num(r.entropy()), r.iterations(),
                        r.converged(), num(r.error()), num(marginal), num(r.rowMarginalError()),
                        num(r.colMarginalError()), ms(t1 - t0), ms(t2 - t1), ms(mapNanos), ms(t3 - t0)));
            } else {
                out.printf(Locale.ROOT, "problem     %d x %d %s (%s)%n", geometry.n(), geometry.m(), geometry.dtype(),
                        geometry.isDense() ? "dense cost" : "points, streamed squared-Euclidean cost");
                out.printf(Locale.ROOT, "epsilon     %.6g%s%n", r.epsilon(), o.has("eps") ? "" : " (0.05·std(C))");
                out.printf(Locale.ROOT, "iterations  %d (%s, error %.3g)%n", r.iterations(),
                        r.converged() ? "converged" : "NOT converged", r.error());
                out.printf(Locale.ROOT, "cost        %.12g  (⟨P, C⟩)%n", r.transportCost());
                out.printf(Locale.ROOT, "dual        %.12g%n", r.dual());
                out.printf(Locale.ROOT, "entropy     %.12g%n", r.entropy());
                out.printf(Locale.ROOT, "marginals   row error %.3g, column error %.3g%n", r.rowMarginalError(),
                        r.colMarginalError());
                out.printf(Locale.ROOT, "time        solve %s ms, total %s ms%n", ms(t2 - t1), ms(t3 - t0));
            }
            return 0;
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String shape(Matrix m) {
        return m.rows() + "x" + m.cols();
    }

    private static NpyArray read(Options o, String name, Arena arena) throws IOException {
        Path p = o.path(name);
        try {
            return Npy.read(p, arena);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--" + name + ": no such file " + p);
        }
    }

    private static Matrix matrix(Options o, String name, Arena arena) throws IOException {
        NpyArray a = read(o, name, arena);
        if (a.shape().length != 2) {
            throw new IllegalArgumentException("--" + name + " " + o.path(name) + " must be a 2-D array, its shape is "
                    + java.util.Arrays.toString(a.shape()));
        }
        if (a.size() == 0) {
            throw new IllegalArgumentException("--" + name + " " + o.path(name) + " is empty");
        }
        return a.matrix();
    }

    private static Vec vector(Options o, String name, Arena arena, int expected, String what) throws IOException {
        NpyArray a = read(o, name, arena);
        if (a.shape().length != 1 || a.size() != expected) {
            throw new IllegalArgumentException("--" + name + " " + o.path(name) + " has shape "
                    + java.util.Arrays.toString(a.shape()) + ", expected a vector of length " + expected + " (the "
                    + what + ")");
        }
        return a.vector();
    }
}
