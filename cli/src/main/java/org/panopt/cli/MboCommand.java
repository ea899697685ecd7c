package org.panopt.cli;

import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.panopt.algorithms.bregman.MongeBregmanOccamMap;
import org.panopt.algorithms.bregman.RegularizedCost;
import org.panopt.algorithms.bregman.SubspaceLearning;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.Prox;
import org.panopt.algorithms.prox.SquaredKOverlap;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.npy.Npy;

/**
 * {@code panopt mbo}: fits the Monge–Bregman–Occam map between two .npy point clouds for a cost
 * {@code ½‖z‖² + γτ(z)} and evaluates it at query points, reporting the displacement sparsity.
 */
final class MboCommand implements Command {
    /** Queries per pass of the map (one workspace of this size is reused). */
    private static final int MAP_BATCH = 64;

    @Override
    public String name() {
        return "mbo";
    }

    @Override
    public String summary() {
        return "Monge–Bregman–Occam map (sparse / structured displacements) between .npy point clouds";
    }

    @Override
    public String help() {
        return """
                usage: panopt mbo --x X.npy --y Y.npy --reg l1|stvs|kovl|subspace --gamma G [--k K] --eps E
                                  --map Z.npy --out-map T.npy [--basis A.npy] [--out-basis A.npy]
                                  [--threshold T] [--max-iter N] [--learn-steps S] [--learn-step H] [--json]

                Solves entropic transport from the rows of X (n x d) to those of Y (m x d) for the cost
                h(z) = ½‖z‖² + γτ(z), then evaluates the map T(z) = z − prox_{γτ}(Σ_j p_j(z) ∇h(z − y_j))
                at the rows of Z and writes it to T.npy (float64, k x d). It reports the fraction of
                displacement coordinates T(z) − z that are exactly zero.

                  --reg l1        τ = ‖·‖₁: sparse displacements (OTT-JAX's ElasticL1(G))
                        stvs      h = ½‖·‖² + STVS with parameter G (OTT-JAX's ElasticSTVS(G)); γ is that parameter
                        kovl      τ = ½(k-overlap norm)², needs --k (OTT-JAX's ElasticSqKOverlap(k, G))
                        subspace  τ = ½‖(I − AᵀA)·‖²: displacements favoured inside span(Aᵀ); A from --basis
                                  (k x d, orthonormal rows) or learned from X and Y with --k K
                  --gamma G       γ ≥ 0 (stvs: > 0)
                  --k K           kovl: the sparsity level, 1 <= K <= d; subspace: the dimension to learn
                  --eps E         entropic regularisation ε of the cost h (> 0)
                  --threshold T   Sinkhorn's marginal-error tolerance (default 1e-6)
                  --max-iter N    Sinkhorn's iteration cap (default 2000)
                  --learn-steps S subspace learning: QR-retraction steps (default 30)
                  --learn-step H  subspace learning: step size (default 0.3)
                  --out-basis A   subspace: write the basis used (k x d)
                  --json          one JSON object: sizes, Sinkhorn iterations and error, zero fraction, timings
                  --verbose       print stack traces of errors

                Inputs may be float32 or float64 (C or Fortran order); the computation is float64.
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("x", "y", "reg", "gamma", "k", "eps", "map", "out-map", "basis", "out-basis", "threshold",
                "max-iter", "learn-steps", "learn-step");
    }

    @Override
    public Set<String> flags() {
        return Set.of("json");
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        for (String required : new String[]{"x", "y", "reg", "gamma", "eps", "map", "out-map"}) {
            o.required(required);
        }
        String reg = o.string("reg", "");
        if (!Set.of("l1", "stvs", "kovl", "subspace").contains(reg)) {
            throw new UsageException("--reg must be l1, stvs, kovl or subspace, got '" + reg + "'");
        }
        double gamma = o.real("gamma", Double.NaN);
        if (!(gamma >= 0 && Double.isFinite(gamma)) || (reg.equals("stvs") && gamma == 0)) {
            throw new UsageException("--gamma must be finite and " + (reg.equals("stvs") ? "> 0" : ">= 0") + ", got "
                    + o.string("gamma", ""));
        }
        double eps = o.real("eps", Double.NaN);
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new UsageException("--eps must be finite and > 0, got " + o.string("eps", ""));
        }
        boolean needsK = reg.equals("kovl") || (reg.equals("subspace") && !o.has("basis"));
        if (needsK != o.has("k")) {
            throw new UsageException(needsK ? "--reg " + reg + " needs --k" + (reg.equals("subspace") ? " (or --basis)" : "")
                    : "--k is only for --reg kovl, or subspace without --basis");
        }
        if (o.has("basis") && !reg.equals("subspace")) {
            throw new UsageException("--basis is only for --reg subspace");
        }
        if (o.has("out-basis") && !reg.equals("subspace")) {
            throw new UsageException("--out-basis is only for --reg subspace");
        }
        SinkhornOptions sinkhorn = SinkhornOptions.defaults().withEpsilon(eps)
                .withThreshold(o.real("threshold", 1e-6)).withMaxIterations(o.integer("max-iter", 2000));
        if (sinkhorn.maxIterations() < 1) {
            throw new UsageException("--max-iter must be >= 1");
        }
        long t0 = System.nanoTime();
        try (Workspace ws = Workspace.create()) {
            Matrix x = load(ws, o, "x");
            Matrix y = load(ws, o, "y");
            Matrix z = load(ws, o, "map");
            int d = x.cols();
            if (x.rows() == 0 || y.rows() == 0 || z.rows() == 0 || d == 0) {
                throw new IllegalArgumentException("--x, --y and --map must be non-empty, got " + x.rows() + "x" + d
                        + ", " + y.rows() + "x" + y.cols() + " and " + z.rows() + "x" + z.cols());
            }
            if (y.cols() != d || z.cols() != d) {
                throw new IllegalArgumentException("--x, --y and --map must have the same number of columns, got "
                        + x.rows() + "x" + d + ", " + y.rows() + "x" + y.cols() + " and " + z.rows() + "x" + z.cols());
            }
            int k = o.integer("k", 0);
            if (needsK && (k < 1 || k > d)) {
                throw new UsageException("--k must be in [1, " + d + "], got " + k);
            }
            long learnNanos = 0;
            Matrix basis = null;
            Prox penalty;
            switch (reg) {
                case "l1" -> penalty = new L1(1);
                case "stvs" -> penalty = new Stvs(gamma);
                case "kovl" -> penalty = new SquaredKOverlap(k, d);
                default -> {
                    long l0 = System.nanoTime();
                    basis = o.has("basis") ? load(ws, o, "basis") : learn(ws, x, y, k, gamma, eps, o);
                    learnNanos = System.nanoTime() - l0;
                    if (basis.cols() != d) {
                        throw new IllegalArgumentException("--basis is " + basis.rows() + "x" + basis.cols()
                                + ", expected k x " + d);
                    }
                    penalty = Subspace.of(basis);
                }
            }
            // stvs: OTT's ElasticSTVS(γ) is ½‖·‖² + STVS_γ, the penalty's own scale: weight 1, so the map's prox
            // is taken at t = 1, where the closed form is exact
            RegularizedCost cost = RegularizedCost.of(penalty, reg.equals("stvs") ? 1 : gamma, d);
            Matrix t = ws.matrix(DType.F64, z.rows(), d);
            long t1 = System.nanoTime();
            long zeros;
            SinkhornResult r;
            long t2;
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, cost, sinkhorn, Math.min(MAP_BATCH,
                    z.rows()))) {
                r = map.sinkhornResult();
                t2 = System.nanoTime();
                zeros = map.evaluate(z, t, null);
            }
            long t3 = System.nanoTime();
            Npy.write(o.path("out-map"), t);
            if (o.has("out-basis")) {
                Npy.write(o.path("out-basis"), basis);
            }
            double fraction = (double) zeros / ((long) z.rows() * d);
            if (o.flag("json")) {
                out.println(String.format(Locale.ROOT, "{\"reg\": \"%s\", \"gamma\": %s, \"k\": %d, \"epsilon\": %s, "
                                + "\"n\": %d, \"m\": %d, \"d\": %d, \"queries\": %d, \"zero_coordinates\": %d, "
                                + "\"zero_fraction\": %s, \"sinkhorn_iterations\": %d, \"converged\": %b, \"error\": %s, "
                                + "\"timings\": {\"learn_ms\": %s, \"fit_ms\": %s, \"map_ms\": %s, \"total_ms\": %s}}",
                        reg, num(gamma), k, num(eps), x.rows(), y.rows(), d, z.rows(), zeros, num(fraction),
                        r.iterations(), r.converged(), num(r.error()), ms(learnNanos), ms(t2 - t1), ms(t3 - t2),
                        ms(t3 - t0)));
            } else {
                out.printf(Locale.ROOT, "cost        ½‖z‖² + %s (n = %d, m = %d, d = %d, ε = %s)%n", describe(reg, gamma, k,
                        basis), x.rows(), y.rows(), d, num(eps));
                out.printf(Locale.ROOT, "sinkhorn    %d iterations, %s (error %.3g)%n", r.iterations(),
                        r.converged() ? "converged" : "NOT converged", r.error());
                out.printf(Locale.ROOT, "map         %d queries, %d of %d displacement coordinates are zero (%.1f %%)%n",
                        z.rows(), zeros, (long) z.rows() * d, 100 * fraction);
                out.printf(Locale.ROOT, "time        %sfit %s ms, map %s ms, total %s ms%n",
                        basis != null && !o.has("basis") ? "subspace learning " + ms(learnNanos) + " ms, " : "",
                        ms(t2 - t1), ms(t3 - t2), ms(t3 - t0));
                out.println("wrote " + o.path("out-map") + (o.has("out-basis") ? " and " + o.path("out-basis") : ""));
            }
            return 0;
        }
    }

    /** A subspace learned from the data (SPEC §3c), from a seeded random start. */
    private static Matrix learn(Workspace ws, Matrix x, Matrix y, int k, double gamma, double eps, Options o) {
        if (!(gamma > 0)) {
            throw new UsageException("learning a subspace needs --gamma > 0 (γ = 0 ignores the subspace)");
        }
        int steps = o.integer("learn-steps", 30);
        double step = o.real("learn-step", 0.3);
        if (steps < 0 || !(step > 0 && Double.isFinite(step))) {
            throw new UsageException("--learn-steps must be >= 0 and --learn-step > 0");
        }
        int d = x.cols();
        double[][] start = SubspaceLearning.randomBasis(k, d, 1);
        double[][] a = SubspaceLearning.learn(x, y, start, SubspaceLearning.Options.defaults(gamma, eps, step, steps))
                .basis();
        Matrix basis = ws.matrix(DType.F64, k, d);
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < d; c++) {
                basis.set(i, c, a[i][c]);
            }
        }
        return basis;
    }

    private static String describe(String reg, double gamma, int k, Matrix basis) {
        return switch (reg) {
            case "l1" -> num(gamma) + "·‖z‖₁";
            case "stvs" -> "STVS with γ = " + num(gamma);
            case "kovl" -> num(gamma) + "·½‖z‖²_ovk (k = " + k + ")";
            default -> num(gamma) + "·½‖(I − AᵀA)z‖² (A: " + basis.rows() + "-dimensional)";
        };
    }

    private static Matrix load(Workspace ws, Options o, String name) throws java.io.IOException {
        Path p = o.path(name);
        try {
            return LandingCommand.load(ws, p, "--" + name);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--" + name + ": no such file " + p);
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
