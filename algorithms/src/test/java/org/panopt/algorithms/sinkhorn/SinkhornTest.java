package org.panopt.algorithms.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.CostStatistics;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.geometry.TranslationInvariantCost;
import org.panopt.algorithms.parallel.FixedPool;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/** Closed forms and invariants of the solver (SPEC §2). */
class SinkhornTest {
    private static final SinkhornOptions TIGHT = SinkhornOptions.defaults().withThreshold(1e-12).withMaxIterations(50_000);

    private static Vec weights(Arena arena, int n, long seed) {
        Matrix u = Problems.uniform(arena, DType.F64, n, 1, seed);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += 0.5 + u.get(i, 0);
        }
        Vec w = Vec.allocate(arena, DType.F64, n);
        for (int i = 0; i < n; i++) {
            w.set(i, (0.5 + u.get(i, 0)) / s);
        }
        return w;
    }

    @Test
    void planMarginalsMatchTheWeightsToTheThreshold() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 23, 17, 1);
            Vec a = weights(arena, 23, 2);
            Vec b = weights(arena, 17, 3);
            double threshold = 1e-6;
            SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), a, b,
                    SinkhornOptions.defaults().withEpsilon(0.05).withThreshold(threshold).withPlan(true));
            assertTrue(r.converged());
            Matrix p = r.planIfComputed().orElseThrow();
            double rowErr = 0;
            double colErr = 0;
            for (int i = 0; i < 23; i++) {
                double s = 0;
                for (int j = 0; j < 17; j++) {
                    s += p.get(i, j);
                }
                rowErr += Math.abs(s - a.get(i));
            }
            for (int j = 0; j < 17; j++) {
                double s = 0;
                for (int i = 0; i < 23; i++) {
                    s += p.get(i, j);
                }
                colErr += Math.abs(s - b.get(j));
            }
            assertTrue(colErr < threshold, "column marginal error " + colErr);
            assertTrue(rowErr < threshold, "row marginal error " + rowErr); // exact after the f update
            assertEquals(colErr, r.colMarginalError(), 1e-12);
            assertEquals(rowErr, r.rowMarginalError(), 1e-12);
            assertTrue(r.error() < threshold);
        }
    }

    @Test
    void dualEqualsPrimalMinusEpsilonTimesEntropyMinusOneAtConvergence() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 31, 29, 4);
            for (double eps : new double[]{0.5, 0.05}) {
                SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), weights(arena, 31, 5), weights(arena, 29, 6),
                        TIGHT.withEpsilon(eps));
                assertTrue(r.converged());
                // H(P) = −Σ P (log P − 1): dual = ⟨P, C⟩ − ε (H − 1)
                assertEquals(r.transportCost() - eps * (r.entropy() - 1), r.dual(), 1e-10, "eps " + eps);
                // and with the Shannon entropy H − 1 = −Σ P log P checked independently from the plan
                SinkhornResult rp = Sinkhorn.solve(CostMatrix.of(c), weights(arena, 31, 5), weights(arena, 29, 6),
                        TIGHT.withEpsilon(eps).withPlan(true));
                Matrix p = rp.planIfComputed().orElseThrow();
                double h = 0;
                for (int i = 0; i < 31; i++) {
                    for (int j = 0; j < 29; j++) {
                        h -= p.get(i, j) * (Math.log(p.get(i, j)) - 1);
                    }
                }
                assertEquals(h, r.entropy(), 1e-10);
            }
        }
    }

    @Test
    void potentialsShiftWithRowAndColumnOffsetsOfTheCost() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 12;
            int m = 9;
            Matrix c = Problems.uniform(arena, DType.F64, n, m, 7);
            Matrix shifted = Matrix.allocate(arena, DType.F64, n, m);
            double[] alpha = new double[n];
            double[] beta = new double[m];
            for (int i = 0; i < n; i++) {
                alpha[i] = 0.3 * i - 1;
            }
            for (int j = 0; j < m; j++) {
                beta[j] = 2 - 0.2 * j;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    shifted.set(i, j, c.get(i, j) + alpha[i] + beta[j]);
                }
            }
            SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), null, null, TIGHT.withEpsilon(0.1));
            SinkhornResult s = Sinkhorn.solve(CostMatrix.of(shifted), null, null, TIGHT.withEpsilon(0.1));
            double[] f = r.f();
            double[] g = r.g();
            for (int i = 0; i < n; i++) {
                f[i] += alpha[i];
            }
            for (int j = 0; j < m; j++) {
                g[j] += beta[j];
            }
            assertTrue(Problems.potentialGap(f, g, s.f(), s.g()) < 1e-9);
            // (f + κ, g − κ) is the same plan: a warm start from it is already converged
            double[] f2 = r.f();
            double[] g2 = r.g();
            for (int i = 0; i < n; i++) {
                f2[i] += 3.5;
            }
            for (int j = 0; j < m; j++) {
                g2[j] -= 3.5;
            }
            try (Sinkhorn it = Sinkhorn.create(CostMatrix.of(c), null, null, TIGHT.withEpsilon(0.1))) {
                it.warmStart(f2, g2);
                SinkhornResult w = it.result();
                assertEquals(r.transportCost(), w.transportCost(), 1e-12);
                assertTrue(w.colMarginalError() < 1e-10);
                it.iterate();
                assertTrue(it.iterations() <= 10, "warm start took " + it.iterations());
            }
        }
    }

    @Test
    void smallEpsilonApproachesTheExactOptimalTransportCost() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 7;
            Matrix c = Problems.uniform(arena, DType.F64, n, n, 8);
            double exact = bruteForce(c);
            double previous = Double.POSITIVE_INFINITY;
            for (double eps : new double[]{0.1, 0.01, 0.002}) {
                SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), null, null,
                        TIGHT.withEpsilon(eps).withThreshold(1e-10).withMaxIterations(100_000));
                double gap = r.transportCost() - exact;
                assertTrue(gap > -1e-9, "entropic cost below the exact optimum: " + gap);
                assertTrue(gap < previous + 1e-12, "gap did not shrink with ε: " + gap + " after " + previous);
                previous = gap;
            }
            assertTrue(previous < 2e-3, "at ε = 2e-3 the cost is " + previous + " above the exact optimum " + exact);
        }
    }

    /** Exact OT between uniform measures of equal size: the best permutation (Birkhoff). */
    private static double bruteForce(Matrix c) {
        int n = c.rows();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        do {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += c.get(i, p[i]);
            }
            best = Math.min(best, s / n);
        } while (nextPermutation(p));
        return best;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int l = i + 1, r = p.length - 1; l < r; l++, r--) {
            t = p[l];
            p[l] = p[r];
            p[r] = t;
        }
        return true;
    }

    @Test
    void streamedAndDenseCostsGiveTheSamePotentials() {
        try (Arena arena = Arena.ofConfined()) {
            // 300 × 270 spans several 256-wide tiles in both directions
            Matrix x = Problems.gaussian(arena, DType.F64, 300, 5, 0, 9);
            Matrix y = Problems.gaussian(arena, DType.F64, 270, 5, 1, 10);
            SinkhornOptions o = TIGHT.withEpsilon(1).withThreshold(1e-10);
            SinkhornResult dense = Sinkhorn.solve(CostMatrix.of(Problems.sqDist(arena, x, y)), null, null, o);
            SinkhornResult streamed = Sinkhorn.solve(PointCloud.squaredEuclidean(x, y), null, null, o);
            assertTrue(Problems.potentialGap(dense.f(), dense.g(), streamed.f(), streamed.g()) < 1e-9);
            assertEquals(dense.transportCost(), streamed.transportCost(), 1e-9);
            assertEquals(dense.iterations(), streamed.iterations());
            // a generic h(x − y) streams through its value function
            TranslationInvariantCost l1 = z -> {
                double s = 0;
                for (double v : z) {
                    s += Math.abs(v);
                }
                return s;
            };
            Matrix xs = x.rows(0, 40);
            Matrix ys = y.rows(0, 30);
            Matrix cl1 = Matrix.allocate(arena, DType.F64, 40, 30);
            PointCloud pl1 = PointCloud.of(xs, ys, l1);
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 30; j++) {
                    cl1.set(i, j, pl1.cost(i, j));
                }
            }
            SinkhornResult d1 = Sinkhorn.solve(CostMatrix.of(cl1), null, null, o);
            SinkhornResult s1 = Sinkhorn.solve(pl1, null, null, o);
            assertTrue(Problems.potentialGap(d1.f(), d1.g(), s1.f(), s1.g()) < 1e-9);
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = Problems.gaussian(arena, DType.F64, 80, 3, 0, 11);
            Matrix y = Problems.gaussian(arena, DType.F64, 60, 3, 0.5, 12);
            Matrix x32 = Matrix.allocate(arena, DType.F32, 80, 3);
            Matrix y32 = Matrix.allocate(arena, DType.F32, 60, 3);
            x32.copyFrom(x);
            y32.copyFrom(y);
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(0.2).withThreshold(1e-4);
            SinkhornResult r64 = Sinkhorn.solve(PointCloud.squaredEuclidean(x, y), null, null, o);
            SinkhornResult r32 = Sinkhorn.solve(PointCloud.squaredEuclidean(x32, y32), null, null, o);
            SinkhornResult d32 = Sinkhorn.solve(CostMatrix.of(Problems.sqDist(arena, x32, y32)), null, null, o);
            assertTrue(r32.converged() && d32.converged());
            assertTrue(Problems.potentialGap(r64.f(), r64.g(), r32.f(), r32.g()) < 1e-4);
            assertTrue(Problems.potentialGap(r64.f(), r64.g(), d32.f(), d32.g()) < 1e-4);
            assertEquals(r64.transportCost(), r32.transportCost(), 1e-4 * r64.transportCost());
        }
    }

    @Test
    void unbalancedTendsToBalancedAsRhoGrows() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 15, 11, 13);
            Vec a = weights(arena, 15, 14);
            Vec b = weights(arena, 11, 15);
            double eps = 0.1;
            SinkhornResult balanced = Sinkhorn.solve(CostMatrix.of(c), a, b, TIGHT.withEpsilon(eps));
            double previous = Double.POSITIVE_INFINITY;
            // measured: gaps 0.069, 9.7e-3-ish, 9.7e-4 at ρ = 1, 10, 100 — they fall like 1/ρ
            for (double rho : new double[]{1, 10, 100}) {
                SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), a, b,
                        TIGHT.withEpsilon(eps).withThreshold(1e-10).withTau(SinkhornOptions.tauFor(rho, eps)));
                double gap = Problems.potentialGap(balanced.f(), balanced.g(), r.f(), r.g());
                assertTrue(r.converged(), "rho " + rho);
                assertTrue(gap < previous / 5, "rho " + rho + ": gap " + gap + " did not shrink from " + previous);
                assertTrue(gap < 0.2 / rho, "rho " + rho + ": gap " + gap);
                previous = gap;
            }
        }
    }

    @Test
    void divergenceIsReportedNeverReturned() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 10, 10, 16);
            // kernel domain with exp(−C/ε) below the double range
            SinkhornDivergedException e = assertThrows(SinkhornDivergedException.class, () -> Sinkhorn.solve(
                    CostMatrix.of(c), null, null, SinkhornOptions.defaults().withEpsilon(1e-4).withKernelDomain(true)));
            assertTrue(e.getMessage().contains("kernel"), e.getMessage());
            // a NaN in the cost
            c.set(3, 4, Double.NaN);
            e = assertThrows(SinkhornDivergedException.class,
                    () -> Sinkhorn.solve(CostMatrix.of(c), null, null, SinkhornOptions.defaults().withEpsilon(0.1)));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
            // and through the iteration object: result() refuses too
            try (Sinkhorn s = Sinkhorn.create(CostMatrix.of(c), null, null, SinkhornOptions.defaults().withEpsilon(0.1))) {
                assertThrows(SinkhornDivergedException.class, s::iterate);
                assertEquals(Sinkhorn.Status.DIVERGED, s.status());
                assertThrows(SinkhornDivergedException.class, s::result);
            }
        }
    }

    @Test
    void accelerationsReachTheSameSolution() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 40, 35, 17);
            SinkhornOptions o = TIGHT.withEpsilon(0.01).withThreshold(1e-10);
            SinkhornResult plain = Sinkhorn.solve(CostMatrix.of(c), null, null, o);
            assertTrue(plain.converged());
            SinkhornOptions[] variants = {
                o.withMomentum(1.5), o.withAdaptiveMomentum(), o.withAnderson(2, 1e-2),
                o.withEpsilonScaling(100, 0.9), o.withCostScaling(CostScaling.NONE).withKernelDomain(true)
            };
            for (SinkhornOptions v : variants) {
                SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c), null, null, v);
                assertTrue(r.converged(), v.toString());
                assertTrue(Problems.potentialGap(plain.f(), plain.g(), r.f(), r.g()) < 1e-8, v.toString());
            }
            SinkhornResult momentum = Sinkhorn.solve(CostMatrix.of(c), null, null, o.withMomentum(1.5));
            assertTrue(momentum.iterations() < plain.iterations(),
                    "over-relaxation took " + momentum.iterations() + " iterations, plain " + plain.iterations());
        }
    }

    @Test
    void costScalingAndDefaultEpsilon() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 20, 20, 18);
            Matrix c3 = Matrix.allocate(arena, DType.F64, 20, 20);
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 20; j++) {
                    c3.set(i, j, 3 * c.get(i, j));
                }
            }
            CostStatistics st = CostStatistics.of(CostMatrix.of(c3));
            for (CostScaling s : CostScaling.values()) {
                SinkhornResult r = Sinkhorn.solve(CostMatrix.of(c3), null, null, TIGHT.withEpsilon(0.05).withCostScaling(s));
                double scale = switch (s) {
                    case NONE -> 1;
                    case MEAN -> st.mean();
                    case MAX -> st.max();
                    case MEDIAN -> st.median();
                };
                assertEquals(scale, r.costScale(), 0);
                try (Sinkhorn ref = Sinkhorn.create(CostMatrix.of(c3), null, null,
                        TIGHT.withEpsilon(0.05 * scale))) {
                    ref.iterate();
                    SinkhornResult q = ref.result();
                    assertEquals(q.transportCost() / scale, r.transportCost(), 1e-9, s.toString());
                }
            }
            try (Sinkhorn d = Sinkhorn.create(CostMatrix.of(c3), null, null, SinkhornOptions.defaults())) {
                assertEquals(0.05 * st.std(), d.epsilon(), 1e-15);
            }
        }
    }

    @Test
    void twoThreadsGiveTheSinglethreadResult() {
        try (Arena arena = Arena.ofShared(); FixedPool pool = FixedPool.create(2)) {
            Matrix x = Problems.gaussian(arena, DType.F64, 301, 4, 0, 19);
            Matrix y = Problems.gaussian(arena, DType.F64, 277, 4, 1, 20);
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(2).withThreshold(1e-6);
            for (var geom : new org.panopt.algorithms.geometry.Geometry[]{
                PointCloud.squaredEuclidean(x, y), CostMatrix.of(Problems.sqDist(arena, x, y))}) {
                SinkhornResult one = Sinkhorn.solve(geom, null, null, o);
                SinkhornResult two = Sinkhorn.solve(geom, null, null, o.withPool(pool));
                assertEquals(one.iterations(), two.iterations());
                assertEquals(0, Problems.potentialGap(one.f(), one.g(), two.f(), two.g()), 1e-13);
                assertEquals(one.transportCost(), two.transportCost(), 1e-12);
            }
        }
    }

    @Test
    void badInputsAreRefusedClearly() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 5, 4, 21);
            Vec bad = Vec.copyOf(arena, 0.5, 0.5, 0, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Sinkhorn.create(CostMatrix.of(c), null, bad, SinkhornOptions.defaults()));
            assertTrue(e.getMessage().contains("b[2]"), e.getMessage());
            Vec wrongLength = Vec.copyOf(arena, 0.5, 0.5);
            assertThrows(IllegalArgumentException.class,
                    () -> Sinkhorn.create(CostMatrix.of(c), wrongLength, null, SinkhornOptions.defaults()));
            Vec heavy = Vec.copyOf(arena, 1, 1, 1, 1, 1);
            e = assertThrows(IllegalArgumentException.class,
                    () -> Sinkhorn.create(CostMatrix.of(c), heavy, null, SinkhornOptions.defaults()));
            assertTrue(e.getMessage().contains("tau"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SinkhornOptions.defaults().withTau(0));
            assertThrows(IllegalArgumentException.class,
                    () -> SinkhornOptions.defaults().withKernelDomain(true).withMomentum(1.5));
            assertFalse(Sinkhorn.solve(CostMatrix.of(c), null, null,
                    SinkhornOptions.defaults().withEpsilon(0.01).withMaxIterations(3)).converged());
        }
    }

    @Test
    void theFusedCheckMatchesAnExplicitMeasurement() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = Problems.uniform(arena, DType.F64, 20, 15, 22);
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(0.05).withThreshold(0);
            try (Sinkhorn fused = Sinkhorn.create(CostMatrix.of(c), null, null, o);
                 Sinkhorn explicit = Sinkhorn.create(CostMatrix.of(c), null, null, o)) {
                for (int k = 0; k < 10; k++) {
                    fused.step();
                    explicit.step();
                }
                assertTrue(Double.isNaN(fused.error()), "checked by the next step, not yet");
                double now = explicit.measureError();
                fused.step(); // its g pass measures iteration 10, then it goes on to iteration 11
                assertEquals(now, fused.error(), 1e-15);
                assertEquals(11, fused.iterations());
            }
        }
    }
}
