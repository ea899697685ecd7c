package org.panopt.algorithms.bregman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.Quadratic;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * The h-transform {@code f^h(x) = min_z h(z) − f(x − z)} of the concave quadratic
 * {@code f(y) = c − ½(y − a)ᵀB(y − a)} against closed forms: for a quadratic or subspace τ the
 * minimiser solves {@code (I + γQ + B) z = B(x − a)}; for τ = ℓ1 (or STVS) with a diagonal B the
 * problem separates by coordinate.
 */
class HTransformTest {
    private static final HTransform.Options TIGHT = HTransform.Options.defaults().withTolerance(1e-13)
            .withMaxIterations(20_000);

    static double[][] spd(SplittableRandom r, int d, double shift) {
        double[][] g = new double[d][d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(d);
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    s[i][j] += g[i][l] * g[j][l];
                }
            }
            s[i][i] += shift;
        }
        return s;
    }

    /** The value h(z) − f(x − z) computed from the definitions. */
    static double objective(double[] z, double[] x, double[][] q, double gamma, double[][] b, double[] a, double c) {
        int d = z.length;
        double half = 0;
        double zqz = 0;
        double uBu = 0;
        for (int i = 0; i < d; i++) {
            half += 0.5 * z[i] * z[i];
            for (int j = 0; j < d; j++) {
                zqz += z[i] * q[i][j] * z[j];
                uBu += (x[i] - z[i] - a[i]) * b[i][j] * (x[j] - z[j] - a[j]);
            }
        }
        return half + gamma * 0.5 * zqz - (c - 0.5 * uBu);
    }

    @Test
    void quadraticPenaltyMatchesTheLinearSolve() {
        SplittableRandom r = new SplittableRandom(21);
        int d = 6;
        double gamma = 0.8;
        double c = 1.5;
        try (Arena arena = Arena.ofConfined()) {
            double[][] q = spd(r, d, 0.1);
            double[][] b = spd(r, d, 0.5);
            double[] a = new double[d];
            for (int i = 0; i < d; i++) {
                a[i] = r.nextGaussian();
            }
            RegularizedCost h = RegularizedCost.of(Quadratic.of(Matrix.copyOf(arena, q)), gamma, d);
            QuadraticPotential f = new QuadraticPotential(Matrix.copyOf(arena, b), a, c);
            HTransform ht = new HTransform(h, f, TIGHT);
            Vec x = Vec.allocate(arena, DType.F64, d);
            Vec z = Vec.allocate(arena, DType.F64, d);
            for (int rep = 0; rep < 5; rep++) {
                double[] xa = new double[d];
                for (int i = 0; i < d; i++) {
                    xa[i] = 2 * r.nextGaussian();
                    x.set(i, xa[i]);
                }
                double[][] m = new double[d][d];
                double[] rhs = new double[d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        m[i][j] = (i == j ? 1 : 0) + gamma * q[i][j] + b[i][j];
                        rhs[i] += b[i][j] * (xa[j] - a[j]);
                    }
                }
                double[] expected = solve(m, rhs);
                double value = ht.solve(x, z);
                assertTrue(ht.converged(), "converged in " + ht.iterations());
                for (int i = 0; i < d; i++) {
                    assertEquals(expected[i], z.get(i), 1e-8, "z*_" + i);
                }
                assertEquals(objective(expected, xa, q, gamma, b, a, c), value, 1e-8);
            }
        }
    }

    @Test
    void subspacePenaltyMatchesTheLinearSolve() {
        SplittableRandom r = new SplittableRandom(22);
        int d = 5;
        double gamma = 2;
        try (Arena arena = Arena.ofConfined()) {
            double[][] basis = Synthetic.orthonormalRows(r, 2, d);
            double[][] perp = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    perp[i][j] = (i == j ? 1 : 0) - basis[0][i] * basis[0][j] - basis[1][i] * basis[1][j];
                }
            }
            double[][] b = spd(r, d, 0.3);
            double[] a = {0.5, -1, 0, 2, 0.1};
            RegularizedCost h = RegularizedCost.of(Subspace.of(Matrix.copyOf(arena, basis)), gamma, d);
            HTransform ht = new HTransform(h, new QuadraticPotential(Matrix.copyOf(arena, b), a, 0), TIGHT);
            double[] xa = {1, 2, -3, 0.5, 0};
            Vec x = Vec.copyOf(arena, xa);
            Vec z = Vec.allocate(arena, DType.F64, d);
            double[][] m = new double[d][d];
            double[] rhs = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    m[i][j] = (i == j ? 1 : 0) + gamma * perp[i][j] + b[i][j];
                    rhs[i] += b[i][j] * (xa[j] - a[j]);
                }
            }
            double[] expected = solve(m, rhs);
            double value = ht.solve(x, z);
            for (int i = 0; i < d; i++) {
                assertEquals(expected[i], z.get(i), 1e-8);
            }
            // ½⟨z, A⊥z⟩ is ½‖A⊥z‖² since A⊥ is a projector
            assertEquals(objective(expected, xa, perp, gamma, b, a, 0), value, 1e-8);
        }
    }

    /** τ = ℓ1, B = diag(β): z*_i = soft(β_i u_i, γ)/(1 + β_i), u = x − a. */
    @Test
    void l1PenaltyMatchesTheSoftThresholdClosedForm() {
        SplittableRandom r = new SplittableRandom(23);
        int d = 9;
        double gamma = 0.6;
        try (Arena arena = Arena.ofConfined()) {
            double[] beta = new double[d];
            double[][] b = new double[d][d];
            double[] a = new double[d];
            for (int i = 0; i < d; i++) {
                beta[i] = 0.2 + 2 * r.nextDouble();
                b[i][i] = beta[i];
                a[i] = r.nextGaussian();
            }
            RegularizedCost h = RegularizedCost.of(new L1(1), gamma, d);
            HTransform ht = new HTransform(h, new QuadraticPotential(Matrix.copyOf(arena, b), a, -0.3), TIGHT);
            Vec x = Vec.allocate(arena, DType.F64, d);
            Vec z = Vec.allocate(arena, DType.F64, d);
            for (int rep = 0; rep < 5; rep++) {
                double expectedValue = 0.3;
                for (int i = 0; i < d; i++) {
                    x.set(i, 1.5 * r.nextGaussian());
                }
                double value = ht.solve(x, z);
                for (int i = 0; i < d; i++) {
                    double u = x.get(i) - a[i];
                    double s = beta[i] * u;
                    double zi = Math.signum(s) * Math.max(Math.abs(s) - gamma, 0) / (1 + beta[i]);
                    assertEquals(zi, z.get(i), 1e-8, "z*_" + i);
                    expectedValue += 0.5 * zi * zi + gamma * Math.abs(zi) + 0.5 * beta[i] * (u - zi) * (u - zi);
                }
                assertEquals(expectedValue, value, 1e-8);
            }
        }
    }

    /**
     * STVS inside the h-transform takes the prox at steps t/(1 + t) ≠ 1 (the general exact solve): per
     * coordinate against a brute-force 1-D minimiser.
     */
    @Test
    void stvsPenaltyMatchesPerCoordinateBruteForce() {
        SplittableRandom r = new SplittableRandom(24);
        int d = 5;
        double g = 0.7;
        try (Arena arena = Arena.ofConfined()) {
            double[] beta = {0.3, 1, 2.5, 0.8, 4};
            double[][] b = new double[d][d];
            for (int i = 0; i < d; i++) {
                b[i][i] = beta[i];
            }
            double[] a = new double[d];
            HTransform ht = new HTransform(RegularizedCost.of(new Stvs(g), 1, d),
                    new QuadraticPotential(Matrix.copyOf(arena, b), a, 0), TIGHT);
            Vec x = Vec.allocate(arena, DType.F64, d);
            Vec z = Vec.allocate(arena, DType.F64, d);
            for (int i = 0; i < d; i++) {
                x.set(i, 3 * r.nextGaussian());
            }
            ht.solve(x, z);
            for (int i = 0; i < d; i++) {
                double u = x.get(i);
                double bi = beta[i];
                DoubleUnaryOperator obj = t -> 0.5 * t * t + stvs(t, g) + 0.5 * bi * (u - t) * (u - t);
                double best = goldenSection(obj, -Math.abs(u) - 1, Math.abs(u) + 1);
                assertEquals(best, z.get(i), 1e-6, "coordinate " + i);
                assertTrue(obj.applyAsDouble(z.get(i)) <= obj.applyAsDouble(best) + 1e-12);
            }
        }
    }

    static double stvs(double z, double g) {
        double a = Math.abs(z) / (2 * g);
        double sigma = Math.log(a + Math.sqrt(1 + a * a));
        return g * g * (sigma - 0.5 * Math.exp(-2 * sigma) + 0.5);
    }

    static double goldenSection(DoubleUnaryOperator f, double lo, double hi) {
        double k = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 300; it++) {
            double c = hi - k * (hi - lo);
            double e = lo + k * (hi - lo);
            if (f.applyAsDouble(c) <= f.applyAsDouble(e)) {
                hi = e;
            } else {
                lo = c;
            }
        }
        return (lo + hi) / 2;
    }

    /** With an entropic potential the solve reaches a fixed point of its own prox-gradient step. */
    @Test
    void entropicPotentialSolveIsAFixedPoint() {
        SplittableRandom r = new SplittableRandom(25);
        int d = 4;
        try (Arena arena = Arena.ofShared()) {
            Matrix xs = Synthetic.gaussian(arena, r, 40, d, 0, 1);
            Matrix ys = Synthetic.shifted(arena, r, 40, d, 2, 1);
            RegularizedCost h = RegularizedCost.of(new L1(1), 0.3, d);
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(xs, ys, h,
                    SinkhornOptions.defaults().withEpsilon(0.5).withThreshold(1e-9), 4)) {
                HTransform ht = new HTransform(h, map.potential(), HTransform.Options.defaults().withTolerance(1e-9)
                        .withMaxIterations(5000));
                Vec x = Vec.copyOf(arena, 0.2, -0.4, 1.0, 0.3);
                Vec z = Vec.allocate(arena, DType.F64, d);
                double value = ht.solve(x, z);
                assertTrue(ht.converged(), "residual " + ht.residual());
                // fixed point: z = prox_{th}(z − t∇f(x − z)) at the final step
                Vec u = Vec.allocate(arena, DType.F64, d);
                Vec g = Vec.allocate(arena, DType.F64, d);
                for (int k = 0; k < d; k++) {
                    u.set(k, x.get(k) - z.get(k));
                }
                double fu = map.potential().evaluate(u, g);
                double t = ht.step();
                Vec v = Vec.allocate(arena, DType.F64, d);
                for (int k = 0; k < d; k++) {
                    v.set(k, z.get(k) - t * g.get(k));
                }
                h.proxOfH(v, t, v);
                for (int k = 0; k < d; k++) {
                    assertEquals(z.get(k), v.get(k), 1e-7 * Math.max(1, t));
                }
                assertEquals(h.value(z) - fu, value, 1e-12);
            }
        }
    }

    @Test
    void defaultsAndBadArguments() {
        HTransform.Options o = HTransform.Options.defaults();
        assertEquals(1e-3, o.tolerance());
        assertEquals(500, o.maxIterations());
        assertTrue(o.accelerated());
        assertThrows(IllegalArgumentException.class, () -> o.withTolerance(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withMaxIterations(0));
        try (Arena arena = Arena.ofConfined()) {
            Matrix b = Matrix.copyOf(arena, new double[][]{{1, 0}, {0, 1}});
            QuadraticPotential f = new QuadraticPotential(b, new double[2], 0);
            assertThrows(IllegalArgumentException.class,
                    () -> new HTransform(RegularizedCost.of(new L1(1), 1, 3), f, o));
            assertThrows(IllegalArgumentException.class, () -> new QuadraticPotential(
                    Matrix.copyOf(arena, new double[][]{{1, 0}, {0, -1}}), new double[2], 0));
            HTransform ht = new HTransform(RegularizedCost.of(new L1(1), 1, 2), f, o);
            assertThrows(IllegalArgumentException.class, () -> ht.solve(Vec.allocate(arena, DType.F64, 3), null));
        }
    }

    static double[] solve(double[][] m, double[] b) {
        int n = b.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double[] x = b.clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
                    p = i;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double tb = x[c];
            x[c] = x[p];
            x[p] = tb;
            for (int i = c + 1; i < n; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j < n; j++) {
                    a[i][j] -= f * a[c][j];
                }
                x[i] -= f * x[c];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = i + 1; j < n; j++) {
                x[i] -= a[i][j] * x[j];
            }
            x[i] /= a[i][i];
        }
        return x;
    }
}
