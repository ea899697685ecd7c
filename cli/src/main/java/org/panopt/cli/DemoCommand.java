package org.panopt.cli;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.panopt.algorithms.optim.Adam;
import org.panopt.algorithms.optim.ModelEma;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.npy.Npy;
import org.panopt.core.npy.NpyArray;

/** {@code panopt demo}: a short guided run through what the library does, one section per layer. */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "a short guided run: views, .npy files, and each algorithm family";
    }

    @Override
    public String help() {
        return """
                usage: panopt demo [--out DIR]

                A short guided run that prints what it does: matrices as zero-copy views, a .npy round
                trip, then one section per algorithm family.

                  --out DIR   where to write the demo's files (default: a new temporary directory)
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("out");
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        Path dir = options.has("out") ? Files.createDirectories(options.path("out"))
                : Files.createTempDirectory("panopt-demo");
        out.println("panopt demo — files go to " + dir);
        views(dir, out);
        optimalTransport(out);
        optim(out);
        landing(out);
        bilevel(out);
        sparseMap(out);
        return 0;
    }

    /** Section 1: views over off-heap memory and a zero-copy .npy round trip. */
    private static void views(Path dir, PrintStream out) throws Exception {
        out.println();
        out.println("== 1. matrices are views over off-heap memory ==");
        try (Arena arena = Arena.ofConfined()) {
            Matrix a = Matrix.allocate(arena, DType.F64, 4, 3);
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.cols(); j++) {
                    a.set(i, j, 10 * i + j);
                }
            }
            out.println("created " + a + " with a(i, j) = 10 i + j (column-major, 64-byte aligned)");
            Matrix at = a.t();
            out.println("its transpose is a view, no copy: " + at + ", at(2, 3) = " + at.get(2, 3));
            Matrix block = a.block(1, 1, 2, 2);
            out.println("a 2x2 block from (1, 1) shares the memory: " + block + ", block(0, 0) = " + block.get(0, 0));

            Path c = dir.resolve("a_c_order.npy");
            Path f = dir.resolve("a_fortran_order.npy");
            Npy.write(c, a);
            Npy.write(f, a, Npy.Order.FORTRAN);
            out.println("wrote " + c.getFileName() + " (" + Files.size(c) + " bytes) and " + f.getFileName()
                    + " (" + Files.size(f) + " bytes)");
            NpyArray back = Npy.read(c, arena);
            Matrix m = back.matrix();
            out.println("memory-mapped it back: " + back + " -> " + m + " (C order reads as a transposed view)");
            double maxDiff = 0;
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.cols(); j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a.get(i, j) - m.get(i, j)));
                }
            }
            out.println("max |a - read back| = " + maxDiff + (maxDiff == 0 ? "  (identical)" : "  (MISMATCH)"));
            if (maxDiff != 0) {
                throw new IllegalStateException("the .npy round trip changed the data");
            }
        }
    }

    /** Section: entropic optimal transport between two digit classes, streamed cost. */
    private static void optimalTransport(PrintStream out) {
        out.println();
        out.println("== optimal transport: Sinkhorn between two digit classes ==");
        try (Arena arena = Arena.ofConfined()) {
            org.panopt.algorithms.data.Datasets.Labelled digits = org.panopt.algorithms.data.Datasets.digits(arena);
            Matrix zeros = digitClass(arena, digits, 0);
            Matrix ones = digitClass(arena, digits, 1);
            var geometry = org.panopt.algorithms.geometry.PointCloud.squaredEuclidean(zeros, ones);
            var options = org.panopt.algorithms.sinkhorn.SinkhornOptions.defaults().withThreshold(1e-6);
            long t0 = System.nanoTime();
            var r = org.panopt.algorithms.sinkhorn.Sinkhorn.solve(geometry, null, null, options);
            double cold = (System.nanoTime() - t0) / 1e6;
            // Once more: the first solve in a JVM mostly measures JIT compilation of the kernels.
            t0 = System.nanoTime();
            r = org.panopt.algorithms.sinkhorn.Sinkhorn.solve(geometry, null, null, options);
            double ms = (System.nanoTime() - t0) / 1e6;
            out.printf(java.util.Locale.ROOT, "%d images of 0 -> %d images of 1 (64 pixels in [0, 1]), squared-Euclidean"
                    + " cost streamed tile by tile%n", zeros.rows(), ones.rows());
            out.printf(java.util.Locale.ROOT, "epsilon %.4g (0.05·std(C)): %s after %d iterations, marginal error %.2g,"
                    + " %.1f ms (first solve in this JVM, with JIT compilation: %.0f ms)%n", r.epsilon(),
                    r.converged() ? "converged" : "NOT converged", r.iterations(), r.error(), ms, cold);
            out.printf(java.util.Locale.ROOT, "transport cost <P, C> = %.4f, dual = %.4f, entropy = %.4f%n",
                    r.transportCost(), r.dual(), r.entropy());
        }
    }

    private static Matrix digitClass(Arena arena, org.panopt.algorithms.data.Datasets.Labelled data, int label) {
        int count = 0;
        for (int i = 0; i < data.samples(); i++) {
            count += data.labels().get(i) == label ? 1 : 0;
        }
        Matrix m = Matrix.allocate(arena, DType.F64, count, data.features());
        for (int i = 0, r = 0; i < data.samples(); i++) {
            if (data.labels().get(i) == label) {
                for (int k = 0; k < data.features(); k++) {
                    m.set(r, k, data.x().get(i, k) / 16);
                }
                r++;
            }
        }
        return m;
    }

    /**
     * Landing: Procrustes on St(400, 40) and PCA of the digits (top 5 eigenvectors of their 64 × 64
     * covariance), printing the distance to the manifold and the objective as the iterate lands.
     */
    private static void landing(PrintStream out) {
        out.println();
        out.println("== landing: orthogonality constraints with matrix products only (no retraction) ==");
        org.panopt.core.backend.Backend<Matrix> be = org.panopt.core.backend.DispatchingBackend.host();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        try (org.panopt.core.array.Workspace ws = org.panopt.core.array.Workspace.create()) {
            int n = 400, p = 40;
            Matrix a = ws.matrix(DType.F64, p, p);
            Matrix b = ws.matrix(DType.F64, n, p);
            Matrix x = ws.matrix(DType.F64, n, p);
            for (Matrix m : new Matrix[] {a, b, x}) {
                for (int j = 0; j < m.cols(); j++) {
                    for (int i = 0; i < m.rows(); i++) {
                        m.set(i, j, m == x ? (i == j ? 1 : 0) + 0.01 * (rnd.nextDouble() - 0.5)
                                : (rnd.nextDouble() - 0.5) / Math.sqrt(p));
                    }
                }
            }
            out.println("Procrustes min 1/2 ||XA - B||^2 over X in St(" + n + ", " + p + "), from a noisy start off"
                    + " the manifold, on " + be.name() + ":");
            var f = new org.panopt.algorithms.landing.problems.Procrustes<>(be, ws, a, b);
            landingRun(out, org.panopt.algorithms.landing.StiefelLanding.of(be, ws, x, f,
                    org.panopt.algorithms.landing.LandingOptions.defaults(0.5)), 200, 20);

            var cca = org.panopt.algorithms.landing.problems.Cca.digits(be, ws, 0);
            Matrix cov = ws.matrix(DType.F64, 64, 64);   // the covariance of all 64 pixels: A + B of the CCA
            be.geam(1, cca.a(), 1, cca.b(), cov);
            be.scale(1 / be.norm(cov), cov);
            Matrix y = ws.matrix(DType.F64, 64, 5);
            for (int i = 0; i < 5; i++) {
                y.set(i, i, 1);
            }
            out.println("digits PCA: top 5 eigenvectors of the 64 x 64 pixel covariance (normalised), from the"
                    + " first 5 pixel axes:");
            landingRun(out, org.panopt.algorithms.landing.StiefelLanding.of(be, ws, y,
                    new org.panopt.algorithms.landing.problems.BlockRayleigh<>(be, cov),
                    org.panopt.algorithms.landing.LandingOptions.defaults(1)), 300, 50);
        }
    }

    private static void landingRun(PrintStream out, org.panopt.algorithms.landing.ManifoldIteration it, int steps,
                                   int every) {
        out.printf("%6s  %16s  %14s  %12s%n", "step", "objective", "||X'X - I||", "||field||");
        long t0 = System.nanoTime();
        for (int k = 1; k <= steps; k++) {
            it.step();
            if (k == 1 || k % every == 0) {
                out.printf("%6d  %16.10f  %14.3e  %12.3e%n", k, it.objective(), it.distance(), it.residual());
            }
        }
        out.printf("%.1f us per step (including the printing, first steps not warmed up)%n",
                (System.nanoTime() - t0) / 1e3 / steps);
    }

    /** Optimiser tools: Adam on a noisy quadratic, with a model EMA that averages the noise away. */
    private static void optim(PrintStream out) {
        out.println();
        out.println("== optimiser tools: Adam with a model EMA (rho = 0.99) on a noisy quadratic ==");
        int n = 1000;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        double[] h = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 1 + 9 * rnd.nextDouble();
            c[i] = rnd.nextDouble() - 0.5;
        }
        try (Arena arena = Arena.ofConfined()) {
            Vec x = Vec.allocate(arena, DType.F64, n);
            Vec g = Vec.allocate(arena, DType.F64, n);
            Adam adam = new Adam(arena, n, Adam.Options.defaults().withLr(0.01));
            ModelEma ema = new ModelEma(arena, x, new ModelEma.Options(0.99));
            out.println("f(x) = 1/2 sum h_i (x_i - c_i)^2 over " + n + " parameters, gradients with noise of sd 1");
            out.printf("%6s  %14s  %14s  %14s%n", "step", "f(iterate)", "f(EMA)", "|EMA - iterate|");
            double fx = 0;
            double fz = 0;
            for (int step = 1; step <= 600; step++) {
                for (int i = 0; i < n; i++) {
                    g.set(i, h[i] * (x.get(i) - c[i]) + (rnd.nextDouble() - 0.5) * Math.sqrt(12));
                }
                adam.step(x, g);
                ema.step(x);
                if (step % 100 == 0) {
                    fx = 0;
                    fz = 0;
                    double dist = 0;
                    for (int i = 0; i < n; i++) {
                        double xi = x.get(i);
                        double zi = ema.ema().get(i);
                        fx += 0.5 * h[i] * (xi - c[i]) * (xi - c[i]);
                        fz += 0.5 * h[i] * (zi - c[i]) * (zi - c[i]);
                        dist += (zi - xi) * (zi - xi);
                    }
                    out.printf("%6d  %14.6f  %14.6f  %14.6f%n", step, fx, fz, Math.sqrt(dist));
                }
            }
            out.printf("after 600 steps f(EMA) / f(iterate) = %.3f: %s%n", fz / fx, fz < fx
                    ? "averaging the iterates removed part of the gradient noise"
                    : "the EMA has not caught up with the iterate yet");
        }
    }

    /** Bilevel: SABA selects one ridge strength per feature of logistic regression on breast cancer. */
    private static void bilevel(PrintStream out) {
        out.println();
        out.println("== bilevel: SABA picks 30 regularisation strengths for logistic regression (breast cancer) ==");
        try (org.panopt.core.array.Workspace ws = org.panopt.core.array.Workspace.create()) {
            var problem = org.panopt.algorithms.bilevel.HyperparameterSelection.breastCancer(0, ws);
            var saba = new org.panopt.algorithms.bilevel.Saba(problem,
                    org.panopt.algorithms.bilevel.BilevelOptions.defaults().withOuterRatio(0.1), ws);
            out.println("inner: logistic loss on " + problem.innerSamples() + " training rows + 1/2 sum_k e^{x_k} z_k^2;"
                    + " outer: logistic loss on " + problem.outerSamples() + " validation rows; step 0.1, outer steps"
                    + " 10x larger, batches of 64");
            out.printf("%10s  %14s  %14s  %16s%n", "iteration", "oracle calls", "|grad h|^2", "validation loss");
            long t0 = System.nanoTime();
            saba.run(6000, 1500, (it, calls, g2, e2) -> out.printf("%10d  %14d  %14.3e  %16.6f%n", it, calls, g2,
                    problem.outerValue(saba.z(), saba.x())));
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < problem.outerDimension(); k++) {
                min = Math.min(min, saba.x().get(k));
                max = Math.max(max, saba.x().get(k));
            }
            out.printf("6000 iterations in %.2f s (metrics included); the strengths e^x now span %.1e to %.1e%n",
                    (System.nanoTime() - t0) / 1e9, Math.exp(min), Math.exp(max));
        }
    }

    /**
     * Proximal Bregman maps: a Monge–Bregman–Occam map with τ = ℓ1 on 100-dimensional synthetic data in
     * which only 5 coordinates move, printing how many displacement coordinates are exactly zero.
     */
    static void sparseMap(PrintStream out) {
        out.println();
        out.println("== proximal Bregman maps: sparse displacements in 100 dimensions (Monge-Bregman-Occam) ==");
        int n = 400;
        int d = 100;
        int moving = 5;
        int queries = 50;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Matrix.allocate(arena, DType.F64, n, d);
            Matrix y = Matrix.allocate(arena, DType.F64, n, d);
            Matrix q = Matrix.allocate(arena, DType.F64, queries, d);
            Matrix t = Matrix.allocate(arena, DType.F64, queries, d);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    x.set(i, k, rnd.nextGaussian());
                    y.set(i, k, rnd.nextGaussian() + (k < moving ? (k % 2 == 0 ? 3 : -3) : 0));
                    if (i < queries) {
                        q.set(i, k, rnd.nextGaussian());
                    }
                }
            }
            out.printf("x, y: %d points each in R^%d, N(0, I); y is shifted by +-3 on its first %d coordinates only%n",
                    n, d, moving);
            var options = org.panopt.algorithms.sinkhorn.SinkhornOptions.defaults().withEpsilon(50).withThreshold(1e-6);
            for (double gamma : new double[]{0, 10}) {
                var cost = org.panopt.algorithms.bregman.RegularizedCost.of(new org.panopt.algorithms.prox.L1(1), gamma, d);
                long t0 = System.nanoTime();
                long zeros;
                try (var map = org.panopt.algorithms.bregman.MongeBregmanOccamMap.fit(x, y, cost, options, queries)) {
                    zeros = map.evaluate(q, t, null);
                }
                int staticZeros = 0;
                double shift = 0;
                for (int i = 0; i < queries; i++) {
                    for (int k = 0; k < d; k++) {
                        double s = t.get(i, k) - q.get(i, k);
                        staticZeros += k >= moving && s == 0 ? 1 : 0;
                        shift += k < moving ? Math.abs(s) / (queries * moving) : 0;
                    }
                }
                out.printf(java.util.Locale.ROOT, "cost 1/2|z|^2 + %s|z|_1, eps 50: %.1f %% of the %d displacement coordinates"
                                + " of %d new points are exactly 0 (%.1f %% of the static ones); mean |shift| of the"
                                + " moving ones %.2f (true 3); %.0f ms%n", gamma, 100.0 * zeros / (queries * d),
                        queries * d, queries, 100.0 * staticZeros / (queries * (d - moving)), shift,
                        (System.nanoTime() - t0) / 1e6);
            }
        }
    }
}
