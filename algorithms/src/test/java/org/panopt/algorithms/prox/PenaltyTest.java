package org.panopt.algorithms.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.bregman.SubspaceLearning;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * The penalties of SPEC §3a against independent references: the optimality condition
 * {@code v − p ∈ t∂τ(p)} checked numerically, agreement with brute-force 1-D or small-d minimisers
 * (fixed seeds), value functions, gradients against finite differences, in-place calls.
 */
class PenaltyTest {
    private static final double[] STEPS = {0.3, 1, 1.7};

    static Vec vec(Arena arena, double[] x) {
        return Vec.copyOf(arena, x);
    }

    static double[] random(SplittableRandom r, int d, double scale) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = scale * (2 * r.nextDouble() - 1);
        }
        return x;
    }

    static double[] prox(Prox p, double[] v, double t) {
        try (Arena arena = Arena.ofConfined()) {
            Vec out = Vec.allocate(arena, DType.F64, v.length);
            p.prox(vec(arena, v), t, out);
            return out.toArray();
        }
    }

    static double value(Prox p, double[] z) {
        try (Arena arena = Arena.ofConfined()) {
            return p.value(vec(arena, z));
        }
    }

    static double[] gradient(Prox p, double[] z) {
        try (Arena arena = Arena.ofConfined()) {
            Vec out = Vec.allocate(arena, DType.F64, z.length);
            p.gradient(vec(arena, z), out);
            return out.toArray();
        }
    }

    /** Central differences of the value, compared with the gradient. */
    static void gradientMatchesFiniteDifferences(Prox p, double[] z, double tol) {
        double[] g = gradient(p, z);
        double h = 1e-6;
        for (int i = 0; i < z.length; i++) {
            double[] a = z.clone();
            double[] b = z.clone();
            a[i] += h;
            b[i] -= h;
            double fd = (value(p, a) - value(p, b)) / (2 * h);
            assertEquals(fd, g[i], tol * Math.max(1, Math.abs(fd)), p + " coordinate " + i);
        }
    }

    // ------------------------------------------------------------------ STVS

    @Test
    void stvsProxIsTheGlobalOneDimensionalMinimiser() {
        SplittableRandom r = new SplittableRandom(7);
        for (double gamma : new double[]{0.3, 1.2}) {
            Stvs p = new Stvs(gamma);
            for (double t : new double[]{0.25, 0.5, 1, 1.5, 1.99, 2, 3.5}) {
                double[] v = random(r, 23, 4 * gamma);
                v[0] = t * gamma;           // exactly at the threshold
                v[1] = -1.0000001 * t * gamma;
                v[2] = 0;
                double[] q = prox(p, v, t);
                for (int i = 0; i < v.length; i++) {
                    double vi = v[i];
                    DoubleUnaryOperator f = z -> 0.5 * (z - vi) * (z - vi) + t * References.stvs(z, gamma);
                    double ref = References.argmin(f, -Math.abs(vi) - 1, Math.abs(vi) + 1);
                    // compare by objective (a flat optimum makes the minimiser itself less sharp) and position
                    assertTrue(f.applyAsDouble(q[i]) <= f.applyAsDouble(ref) + 1e-12, "gamma " + gamma + " t " + t
                            + " v " + vi + ": prox " + q[i] + " vs brute force " + ref);
                    // at t = 2 and |v| = tγ the objective is flat to third order at 0: the grid cannot place it closer
                    assertEquals(ref, q[i], (t >= 2 ? 2e-5 : 2e-6) * Math.max(1, Math.abs(vi)),
                            "gamma " + gamma + " t " + t + " v " + vi);
                }
            }
        }
    }

    @Test
    void stvsOptimalityConditionAndClosedFormAtOne() {
        SplittableRandom r = new SplittableRandom(8);
        double gamma = 0.7;
        Stvs p = new Stvs(gamma);
        for (double t : new double[]{0.2, 0.9, 1, 1.1, 1.8}) {
            double[] v = random(r, 41, 3);
            double[] q = prox(p, v, t);
            for (int i = 0; i < v.length; i++) {
                if (q[i] == 0) {
                    assertTrue(Math.abs(v[i]) <= t * gamma + 1e-15, "zero needs |v| <= t gamma, v = " + v[i]);
                } else {
                    double derivative = Math.signum(q[i]) * (Math.sqrt(gamma * gamma + q[i] * q[i] / 4) - Math.abs(q[i]) / 2);
                    assertEquals(v[i] - q[i], t * derivative, 1e-13 * Math.max(1, Math.abs(v[i])), "t " + t);
                }
            }
        }
        // t = 1 is the MBO closed form v − γ²/v; the general root agrees with it as t → 1
        double[] v = random(r, 37, 3);
        double[] one = prox(p, v, 1);
        double[] near = prox(p, v, 1 + 1e-9);
        for (int i = 0; i < v.length; i++) {
            double expected = v[i] * v[i] <= gamma * gamma ? 0 : v[i] - gamma * gamma / v[i];
            assertEquals(expected, one[i], 0.0);
            assertEquals(one[i], near[i], 1e-8);
        }
    }

    @Test
    void stvsValueAndGradient() {
        SplittableRandom r = new SplittableRandom(9);
        Stvs p = new Stvs(0.4);
        double[] z = random(r, 29, 5);
        z[3] = 0;
        z[4] = 1e-9;
        z[5] = 1e6;
        double expected = 0;
        for (double x : z) {
            expected += References.stvs(x, 0.4);
        }
        assertEquals(expected, value(p, z), 1e-12 * expected);
        double[] g = gradient(p, z);
        assertEquals(0, g[3], 0.0);
        z[3] = 0.1;
        z[4] = -0.2;
        z[5] = 3;
        gradientMatchesFiniteDifferences(p, z, 1e-7);
    }

    // ------------------------------------------------------------------ group norm, box, simplex

    @Test
    void groupNormMatchesPerBlockBruteForceAndOptimality() {
        SplittableRandom r = new SplittableRandom(10);
        for (int block : new int[]{0, 1, 4}) {
            GroupNorm p = new GroupNorm(0.6, block);
            for (double t : STEPS) {
                double[] v = random(r, 12, 1.5);
                v[4] = 0;
                v[5] = 0;
                v[6] = 0;
                v[7] = 0;                              // one zero block of 4
                double[] q = prox(p, v, t);
                int b = block == 0 ? v.length : block;
                for (int s = 0; s < v.length; s += b) {
                    double nv = 0;
                    double nq = 0;
                    for (int i = s; i < s + b; i++) {
                        nv += v[i] * v[i];
                        nq += q[i] * q[i];
                    }
                    double normV = Math.sqrt(nv);
                    double normQ = Math.sqrt(nq);
                    // the minimiser lies along v_B: a 1-D problem in its length
                    double alpha = References.argmin(x -> 0.5 * (x - normV) * (x - normV) + t * 0.6 * Math.abs(x), 0,
                            normV + 1);
                    assertEquals(alpha, normQ, 1e-7, "block at " + s);
                    for (int i = s; i < s + b; i++) {
                        if (normQ > 0) {
                            assertEquals(v[i] - q[i], t * 0.6 * q[i] / normQ, 1e-14);
                        }
                    }
                    if (normQ == 0) {
                        assertTrue(normV <= t * 0.6 + 1e-15);
                    }
                }
            }
            double[] z = random(r, 12, 2);
            gradientMatchesFiniteDifferences(p, z, 1e-7);
            double expected = 0;
            int b = block == 0 ? z.length : block;
            for (int s = 0; s < z.length; s += b) {
                double n = 0;
                for (int i = s; i < s + b; i++) {
                    n += z[i] * z[i];
                }
                expected += Math.sqrt(n);
            }
            assertEquals(0.6 * expected, value(p, z), 1e-13);
        }
        assertArrayEquals(new double[]{0, 0, 0}, gradient(GroupNorm.l2(1), new double[3]), 0.0);
        assertThrows(IllegalArgumentException.class, () -> prox(new GroupNorm(1, 5), new double[12], 1));
    }

    @Test
    void boxProjectionAndNormalCone() {
        SplittableRandom r = new SplittableRandom(11);
        Box p = new Box(-0.5, 0.25);
        double[] v = random(r, 31, 2);
        double[] q = prox(p, v, 3);
        for (int i = 0; i < v.length; i++) {
            double vi = v[i];
            double ref = References.argmin(z -> 0.5 * (z - vi) * (z - vi) + (z < -0.5 || z > 0.25 ? 1e300 : 0), -0.5,
                    0.25);
            assertEquals(ref, q[i], 1e-7);
            if (q[i] > -0.5 && q[i] < 0.25) {
                assertEquals(v[i], q[i], 0.0);
            } else {
                assertTrue(q[i] == -0.5 ? v[i] <= -0.5 : v[i] >= 0.25);
            }
        }
        assertEquals(0, value(p, q), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, value(p, new double[]{0, 0.3}), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, value(p, new double[]{Double.NaN}), 0.0);
        assertArrayEquals(new double[]{0, 3, 0}, prox(Box.nonNegative(), new double[]{-1, 3, 0}, 1), 0.0);
        assertFalse(p.hasGradient());
        assertThrows(UnsupportedOperationException.class, () -> gradient(p, new double[2]));
    }

    @Test
    void simplexProjectionAgreesWithBisection() {
        SplittableRandom r = new SplittableRandom(12);
        for (int d : new int[]{1, 2, 7, 40, 300}) {
            for (double radius : new double[]{1, 2.5}) {
                Simplex p = new Simplex(radius, d);
                double[] v = random(r, d, 3);
                if (d > 2) {
                    v[1] = v[0];              // ties
                }
                double[] q = prox(p, v, 0.1);
                double[] ref = References.simplexProjection(v, radius);
                assertArrayEquals(ref, q, 1e-12, "d " + d);
                // v − q is constant (θ) on the support and ≤ θ off it
                double theta = Double.NaN;
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    sum += q[i];
                    assertTrue(q[i] >= 0);
                    if (q[i] > 0) {
                        theta = v[i] - q[i];
                    }
                }
                for (int i = 0; i < d; i++) {
                    if (q[i] > 0) {
                        assertEquals(theta, v[i] - q[i], 1e-12);
                    } else {
                        assertTrue(v[i] <= theta + 1e-12);
                    }
                }
                assertEquals(radius, sum, 1e-12 * d);
                assertEquals(0, value(p, q), 0.0);
            }
        }
        Simplex p = Simplex.probability(3);
        assertEquals(Double.POSITIVE_INFINITY, value(p, new double[]{0.5, 0.6, 0}), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, value(p, new double[]{1.5, -0.5, 0}), 0.0);
        assertTrue(Double.isNaN(prox(p, new double[]{1, Double.NaN, 0}, 1)[0]));
    }

    // ------------------------------------------------------------------ k-overlap

    @Test
    void kOverlapValueMatchesTheBoxNormForm() {
        SplittableRandom r = new SplittableRandom(13);
        for (int d : new int[]{1, 2, 5, 9, 64}) {
            for (int k = 1; k <= d; k += Math.max(1, d / 4)) {
                SquaredKOverlap p = new SquaredKOverlap(k, d);
                for (int rep = 0; rep < 5; rep++) {
                    double[] z = random(r, d, 2);
                    if (rep == 1 && d > 3) {
                        z[0] = 0;
                        z[1] = z[2];            // a tie and a zero
                    }
                    if (rep == 2) {
                        java.util.Arrays.fill(z, 0);
                        z[0] = 1.5;             // fewer than k non-zeros
                    }
                    double ref = 0.5 * References.kSupportSquared(z, k);
                    assertEquals(ref, value(p, z), 1e-12 * Math.max(1, ref), "d " + d + " k " + k);
                }
            }
        }
    }

    @Test
    void kOverlapProxAgreesWithTheDualWaterFillingAndIsOptimal() {
        SplittableRandom r = new SplittableRandom(14);
        for (int d : new int[]{1, 3, 6, 10, 50}) {
            for (int k = 1; k <= d; k += Math.max(1, d / 5)) {
                SquaredKOverlap p = new SquaredKOverlap(k, d);
                for (double t : new double[]{0.05, 0.5, 1, 4}) {
                    for (int rep = 0; rep < 3; rep++) {
                        double[] v = random(r, d, 3);
                        if (rep == 1 && d > 3) {
                            v[2] = -v[1];               // equal magnitudes
                            v[3] = 0;
                        }
                        double[] q = prox(p, v, t);
                        double[] ref = References.kSupportProx(v, t, k);
                        assertArrayEquals(ref, q, 1e-9 * Math.max(1, max(v)), "d " + d + " k " + k + " t " + t);
                        // optimality: u = (v − q)/t ∈ ∂(½‖·‖²_sp)(q) ⟺ ‖u‖_(k) ≤ ‖q‖_sp and ⟨u, q⟩ = ‖q‖²_sp
                        double[] u = new double[d];
                        double uq = 0;
                        for (int i = 0; i < d; i++) {
                            u[i] = (v[i] - q[i]) / t;
                            uq += u[i] * q[i];
                        }
                        double normSq = 2 * value(p, q);
                        double tol = 1e-10 * Math.max(1, normSq);
                        assertTrue(References.topKSquares(u, k) <= normSq + tol, "dual norm, d " + d + " k " + k);
                        assertEquals(normSq, uq, tol, "<u, q>, d " + d + " k " + k + " t " + t);
                    }
                }
            }
        }
    }

    static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void kOverlapReducesToL1SquaredAtOneAndToL2SquaredAtD() {
        SplittableRandom r = new SplittableRandom(15);
        int d = 17;
        double[] z = random(r, d, 2);
        double l1 = 0;
        double l2 = 0;
        for (double x : z) {
            l1 += Math.abs(x);
            l2 += x * x;
        }
        SquaredKOverlap one = new SquaredKOverlap(1, d);
        SquaredKOverlap all = new SquaredKOverlap(d, d);
        assertEquals(0.5 * l1 * l1, value(one, z), 1e-13 * l1 * l1);
        assertEquals(0.5 * l2, value(all, z), 1e-13 * l2);
        double[] g1 = gradient(one, z);
        double[] gd = gradient(all, z);
        for (int i = 0; i < d; i++) {
            assertEquals(l1 * Math.signum(z[i]), g1[i], 1e-13 * l1);
            assertEquals(z[i], gd[i], 0.0);
        }
        for (double t : STEPS) {
            double[] v = random(r, d, 3);
            double[] qd = prox(all, v, t);
            double[] q1 = prox(one, v, t);
            double norm1 = 0;
            for (double x : q1) {
                norm1 += Math.abs(x);
            }
            for (int i = 0; i < d; i++) {
                assertEquals(v[i] / (1 + t), qd[i], 1e-15 * Math.abs(v[i]));
                // prox of (t/2)‖·‖₁²: soft-thresholding at t‖q‖₁
                assertEquals(Math.signum(v[i]) * Math.max(Math.abs(v[i]) - t * norm1, 0), q1[i], 1e-13);
            }
        }
    }

    @Test
    void kOverlapGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(16);
        for (int k : new int[]{1, 3, 7, 12}) {
            SquaredKOverlap p = new SquaredKOverlap(k, 12);
            double[] z = random(r, 12, 2);
            for (int i = 0; i < z.length; i++) {
                z[i] += Math.signum(z[i]) * 0.05 * (i + 1);   // distinct magnitudes, away from 0
            }
            gradientMatchesFiniteDifferences(p, z, 1e-6);
        }
    }

    // ------------------------------------------------------------------ quadratic, subspace

    static Matrix psd(Arena arena, SplittableRandom r, int d, int rank) {
        double[][] b = new double[d][rank];
        for (double[] row : b) {
            for (int j = 0; j < rank; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < rank; l++) {
                    q[i][j] += b[i][l] * b[j][l];
                }
            }
        }
        return Matrix.copyOf(arena, q);
    }

    @Test
    void quadraticProxSolvesTheLinearSystem() {
        SplittableRandom r = new SplittableRandom(17);
        try (Arena arena = Arena.ofConfined()) {
            for (int rank : new int[]{3, 9}) {
                Matrix qm = psd(arena, r, 9, rank);
                for (Quadratic p : new Quadratic[]{Quadratic.of(qm), Quadratic.withJavaEigen(qm)}) {
                    double[][] q = qm.toArray();
                    for (double t : STEPS) {
                        double[] v = random(r, 9, 2);
                        double[][] m = new double[9][9];
                        for (int i = 0; i < 9; i++) {
                            for (int j = 0; j < 9; j++) {
                                m[i][j] = (i == j ? 1 : 0) + t * q[i][j];
                            }
                        }
                        assertArrayEquals(References.solve(m, v), prox(p, v, t), 1e-11);
                    }
                    double[] z = random(r, 9, 2);
                    double[] qz = new double[9];
                    double zqz = 0;
                    for (int i = 0; i < 9; i++) {
                        for (int j = 0; j < 9; j++) {
                            qz[i] += q[i][j] * z[j];
                        }
                        zqz += z[i] * qz[i];
                    }
                    assertEquals(0.5 * zqz, value(p, z), 1e-12 * Math.abs(zqz));
                    assertArrayEquals(qz, gradient(p, z), 1e-12);
                    assertEquals(0, p.eigenvalue(0), rank < 9 ? 1e-12 : Double.POSITIVE_INFINITY);
                }
            }
            Matrix asym = Matrix.copyOf(arena, new double[][]{{1, 0.5}, {0, 1}});
            assertThrows(IllegalArgumentException.class, () -> Quadratic.of(asym));
            Matrix indefinite = Matrix.copyOf(arena, new double[][]{{1, 0}, {0, -1}});
            assertThrows(IllegalArgumentException.class, () -> Quadratic.of(indefinite));
            assertThrows(IllegalArgumentException.class, () -> Quadratic.withJavaEigen(indefinite));
        }
    }

    /** A k × d matrix with orthonormal rows, seeded from {@code r}. */
    static double[][] orthonormalRows(SplittableRandom r, int k, int d) {
        return SubspaceLearning.randomBasis(k, d, r.nextLong());
    }

    @Test
    void subspaceProxSolvesTheLinearSystem() {
        SplittableRandom r = new SplittableRandom(18);
        int d = 8;
        int k = 3;
        double[][] a = orthonormalRows(r, k, d);
        double[][] perp = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = i == j ? 1 : 0;
                for (int l = 0; l < k; l++) {
                    s -= a[l][i] * a[l][j];
                }
                perp[i][j] = s;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            Subspace p = Subspace.of(Matrix.copyOf(arena, a));
            for (double t : STEPS) {
                double[] v = random(r, d, 2);
                double[][] m = new double[d][d];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        m[i][j] = (i == j ? 1 : 0) + t * perp[i][j];
                    }
                }
                double[] q = prox(p, v, t);
                assertArrayEquals(References.solve(m, v), q, 1e-13);
            }
            double[] z = random(r, d, 2);
            double[] pz = new double[d];
            double sq = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    pz[i] += perp[i][j] * z[j];
                }
                sq += pz[i] * pz[i];
            }
            assertEquals(0.5 * sq, value(p, z), 1e-13);
            assertArrayEquals(pz, gradient(p, z), 1e-13);
            // a displacement inside span(Aᵀ) costs nothing and is not shrunk
            double[] inside = new double[d];
            for (int j = 0; j < d; j++) {
                inside[j] = 2 * a[0][j] - a[2][j];
            }
            assertEquals(0, value(p, inside), 1e-28);
            assertArrayEquals(inside, prox(p, inside, 5), 1e-14);
            double[][] bad = orthonormalRows(r, 2, d);
            bad[1][0] += 1e-4;
            assertThrows(IllegalArgumentException.class, () -> Subspace.of(Matrix.copyOf(arena, bad)));
            assertThrows(IllegalArgumentException.class, () -> Subspace.of(Matrix.copyOf(arena, new double[3][2])));
        }
    }

    // ------------------------------------------------------------------ shared behaviour

    static Prox[] all(Arena arena, int d) {
        SplittableRandom r = new SplittableRandom(19);
        return new Prox[]{new L1(0.3), new ElasticNet(0.3, 0.7), new GroupNorm(0.4, 1), GroupNorm.l2(0.4),
                new Box(-0.2, 0.3), new Simplex(1.5, d), new Stvs(0.5), new SquaredKOverlap(3, d),
                Quadratic.of(psd(arena, r, d, 4)), Subspace.of(Matrix.copyOf(arena, orthonormalRows(r, 2, d)))};
    }

    @Test
    void inPlaceEqualsOutOfPlace() {
        SplittableRandom r = new SplittableRandom(20);
        int d = 13;
        try (Arena arena = Arena.ofConfined()) {
            for (Prox p : all(arena, d)) {
                for (double t : new double[]{0, 0.4, 1, 2.5}) {
                    double[] v = random(r, d, 2);
                    Vec a = vec(arena, v);
                    Vec out = Vec.allocate(arena, DType.F64, d);
                    p.prox(a, t, out);
                    p.prox(a, t, a);
                    assertArrayEquals(out.toArray(), a.toArray(), 0.0, p + " t " + t);
                    if (t == 0 && !(p instanceof Box) && !(p instanceof Simplex)) {
                        assertArrayEquals(v, out.toArray(), 1e-15, p + " at t = 0 is the identity");
                    }
                    if (p.hasGradient()) {
                        Vec z = vec(arena, v);
                        p.gradient(z, out);
                        p.gradient(z, z);
                        assertArrayEquals(out.toArray(), z.toArray(), 0.0, p + " gradient in place");
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyWrite() {
        try (Arena arena = Arena.ofConfined()) {
            int d = 6;
            Vec v = Vec.allocate(arena, DType.F64, d);
            Vec shorter = Vec.allocate(arena, DType.F64, d - 1);
            Vec strided = Vec.of(Vec.allocate(arena, DType.F64, 2 * d).segment(), DType.F64, 0, d, 2);
            Vec f32 = Vec.allocate(arena, DType.F32, d);
            Vec out = Vec.copyOf(arena, 1, 2, 3, 4, 5, 6);
            for (Prox p : all(arena, d)) {
                assertThrows(IllegalArgumentException.class, () -> p.prox(v, 1, shorter), p.toString());
                assertThrows(IllegalArgumentException.class, () -> p.prox(strided, 1, out), p.toString());
                assertThrows(IllegalArgumentException.class, () -> p.prox(v, -1, out), p.toString());
                assertThrows(IllegalArgumentException.class, () -> p.prox(v, Double.NaN, out), p.toString());
                assertThrows(IllegalArgumentException.class, () -> p.prox(f32, 1, out), p.toString());
                if (p.hasGradient()) {
                    assertThrows(IllegalArgumentException.class, () -> p.gradient(v, shorter), p.toString());
                }
                assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, out.toArray(), 0.0, p + " wrote on error");
            }
            Vec wrongLength = Vec.allocate(arena, DType.F64, d + 1);
            for (Prox p : new Prox[]{new Simplex(1, d), new SquaredKOverlap(2, d)}) {
                assertThrows(IllegalArgumentException.class, () -> p.prox(wrongLength, 1, wrongLength));
                assertThrows(IllegalArgumentException.class, () -> p.value(wrongLength));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Stvs(0));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(1, -2));
        assertThrows(IllegalArgumentException.class, () -> new Box(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Box(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Simplex(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SquaredKOverlap(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SquaredKOverlap(4, 3));
    }

    @Test
    void nonFiniteInputsPropagate() {
        for (Prox p : new Prox[]{new Stvs(1), new SquaredKOverlap(2, 3), new Simplex(1, 3), new GroupNorm(1, 1)}) {
            double[] q = prox(p, new double[]{1, Double.NaN, -2}, 0.5);
            assertTrue(Double.isNaN(q[1]), p.toString());
        }
        assertTrue(Double.isNaN(value(new SquaredKOverlap(2, 3), new double[]{1, Double.NaN, 2})));
    }

    @Test
    void sortIsCorrectOnAdversarialInputs() {
        SplittableRandom r = new SplittableRandom(21);
        for (int n : new int[]{0, 1, 2, 23, 24, 25, 100, 5000}) {
            for (int kind = 0; kind < 5; kind++) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (kind) {
                        case 0 -> r.nextGaussian();
                        case 1 -> i;                       // sorted
                        case 2 -> n - i;                   // reversed
                        case 3 -> 7;                       // constant
                        default -> r.nextInt(3);           // few distinct values
                    };
                }
                double[] expected = a.clone();
                java.util.Arrays.sort(expected);
                DoubleSort.sort(a, n);
                assertArrayEquals(expected, a, 0.0, "n " + n + " kind " + kind);
            }
        }
    }
}
