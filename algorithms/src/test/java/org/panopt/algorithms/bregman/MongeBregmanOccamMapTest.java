package org.panopt.algorithms.bregman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.prox.Box;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.SquaredKOverlap;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.algorithms.sinkhorn.EntropicMap;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

class MongeBregmanOccamMapTest {
    static SinkhornOptions tight(double eps) {
        return SinkhornOptions.defaults().withEpsilon(eps).withThreshold(1e-12).withMaxIterations(20_000);
    }

    static double maxDiff(Matrix a, Matrix b) {
        double m = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int k = 0; k < a.cols(); k++) {
                m = Math.max(m, Math.abs(a.get(i, k) - b.get(i, k)));
            }
        }
        return m;
    }

    /**
     * γ → 0: the map tends to the entropic map of the squared-Euclidean problem. SPEC's squared
     * Euclidean cost ‖x − y‖² has no ½, so the same weights need ε' = 2ε there.
     */
    @Test
    void asGammaVanishesTheMapIsTheSquaredEuclideanEntropicMap() {
        SplittableRandom r = new SplittableRandom(11);
        int d = 5;
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Synthetic.gaussian(arena, r, 60, d, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 45, d, 2, 1);
            Matrix q = Synthetic.gaussian(arena, r, 17, d, 0, 1.2);
            double eps = 0.2;
            PointCloud se = PointCloud.squaredEuclidean(x, y);
            SinkhornResult ser = Sinkhorn.solve(se, null, null, tight(2 * eps));
            Matrix expected = Matrix.allocate(arena, DType.F64, 17, d);
            Vec expectedPotential = Vec.allocate(arena, DType.F64, 17);
            try (EntropicMap em = EntropicMap.create(se, ser, 8)) {
                em.evaluate(q, expected, expectedPotential);
            }
            Matrix t = Matrix.allocate(arena, DType.F64, 17, d);
            Vec potential = Vec.allocate(arena, DType.F64, 17);
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, RegularizedCost.of(new L1(1), 0, d),
                    tight(eps), 8)) {
                assertEquals(0, map.evaluate(q, t, potential), "γ = 0 moves every coordinate");
            }
            assertTrue(maxDiff(expected, t) < 1e-9, "γ = 0: " + maxDiff(expected, t));
            for (int i = 0; i < 17; i++) {
                // f_ε for ½‖·‖² at ε is half the squared-Euclidean potential at 2ε
                assertEquals(expectedPotential.get(i) / 2, potential.get(i), 1e-9);
            }
            double previous = Double.POSITIVE_INFINITY;
            for (double gamma : new double[]{1e-2, 1e-3, 1e-4}) {
                try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, RegularizedCost.of(new L1(1), gamma, d),
                        tight(eps), 8)) {
                    map.evaluate(q, t, null);
                }
                double diff = maxDiff(expected, t);
                assertTrue(diff < 20 * gamma && diff < previous, "γ = " + gamma + ": " + diff);
                previous = diff;
            }
        }
    }

    /**
     * Targets move on their first 3 of 30 coordinates only (a fresh N(0, I) sample shifted by ±3 there):
     * with τ = ℓ1 the fitted map leaves most of the other 27 coordinates at exactly 0 displacement,
     * and moves the 3 by about the shift. (ε grows with γ: γ scales the cost.)
     */
    @Test
    void l1DisplacementsAreSparseWhereNothingMoves() {
        SplittableRandom r = new SplittableRandom(12);
        int d = 30;
        int moving = 3;
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Synthetic.gaussian(arena, r, 300, d, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 300, d, moving, 3);
            Matrix q = Synthetic.gaussian(arena, r, 50, d, 0, 1);
            Matrix t = Matrix.allocate(arena, DType.F64, 50, d);
            SinkhornOptions options = SinkhornOptions.defaults().withEpsilon(20).withThreshold(1e-6);
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, RegularizedCost.of(new L1(1), 10, d),
                    options, 16)) {
                long zeros = map.evaluate(q, t, null);
                assertEquals(zeros, map.zeroCoordinates());
                assertEquals(zeros / (50.0 * d), map.zeroFraction(), 0.0);
            }
            int stillMoving = 0;
            int stillStatic = 0;
            double[] meanShift = new double[moving];
            for (int i = 0; i < 50; i++) {
                for (int k = 0; k < d; k++) {
                    double shift = t.get(i, k) - q.get(i, k);
                    if (k < moving) {
                        stillMoving += shift != 0 ? 1 : 0;
                        meanShift[k] += shift / 50;
                    } else {
                        stillStatic += shift == 0 ? 1 : 0;
                    }
                }
            }
            for (int k = 0; k < moving; k++) {
                assertEquals(k % 2 == 0 ? 3 : -3, meanShift[k], 0.3, "mean displacement of coordinate " + k);
            }
            assertTrue(stillMoving >= 0.95 * 50 * moving, "moving coordinates moved: " + stillMoving + " of "
                    + 50 * moving);
            assertTrue(stillStatic >= 0.85 * 50 * (d - moving), "static coordinates left at 0: " + stillStatic
                    + " of " + 50 * (d - moving));
            // without the penalty nothing is exactly 0
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, RegularizedCost.halfSquaredEuclidean(d),
                    options, 16)) {
                assertEquals(0, map.evaluate(q, t, null));
            }
        }
    }

    /** At a source point the map's pieces agree with the Sinkhorn solution; batches and the streamed fit agree. */
    @Test
    void potentialsBatchesAndTheStreamedFitAgree() {
        SplittableRandom r = new SplittableRandom(13);
        int d = 6;
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Synthetic.gaussian(arena, r, 40, d, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 30, d, 2, 1);
            double eps = 0.4;
            for (RegularizedCost h : new RegularizedCost[]{RegularizedCost.of(new Stvs(0.5), 1, d),
                    RegularizedCost.of(new SquaredKOverlap(2, d), 0.5, d)}) {
                PointCloud pc = PointCloud.of(x, y, h);
                SinkhornResult streamed = Sinkhorn.solve(pc, null, null, tight(eps));
                Matrix t1 = Matrix.allocate(arena, DType.F64, 40, d);
                Matrix t2 = Matrix.allocate(arena, DType.F64, 40, d);
                Matrix t3 = Matrix.allocate(arena, DType.F64, 40, d);
                Vec f1 = Vec.allocate(arena, DType.F64, 40);
                Vec f2 = Vec.allocate(arena, DType.F64, 40);
                try (MongeBregmanOccamMap a = MongeBregmanOccamMap.create(pc, streamed, 64);
                     MongeBregmanOccamMap b = MongeBregmanOccamMap.create(pc, streamed, 3);
                     MongeBregmanOccamMap c = MongeBregmanOccamMap.fit(x, y, h, tight(eps), 7)) {
                    long za = a.evaluate(x, t1, f1);
                    assertEquals(za, b.evaluate(x, t2, f2));
                    c.evaluate(x, t3, null);
                    // T as a transposed (row-major) output view gives the same numbers
                    Matrix rowMajor = Matrix.allocate(arena, DType.F64, d, 40).t();
                    a.evaluate(x, rowMajor, null);
                    assertEquals(0, maxDiff(t1, rowMajor), 1e-15);
                    // ∇f_ε through the Potential interface equals x − T(x) before the prox: check f_ε
                    Vec xi = Vec.allocate(arena, DType.F64, d);
                    for (int k = 0; k < d; k++) {
                        xi.set(k, x.get(3, k));
                    }
                    assertEquals(f1.get(3), a.potential().evaluate(xi, null), 1e-12);
                }
                double[] f = streamed.f();
                for (int i = 0; i < 40; i++) {
                    assertEquals(f[i] - eps * Math.log(1.0 / 40), f1.get(i), 1e-9, h + " f_ε(x_" + i + ")");
                    assertEquals(f1.get(i), f2.get(i), 1e-12);
                }
                assertEquals(0, maxDiff(t1, t2), 1e-12, h + ": batch of 3 vs 64");
                assertEquals(0, maxDiff(t1, t3), 1e-8, h + ": dense fit vs streamed solve");
            }
        }
    }

    /** ∇f_ε from the potential is the softmax-weighted average of ∇h, checked by finite differences of f_ε. */
    @Test
    void potentialGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(14);
        int d = 4;
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Synthetic.gaussian(arena, r, 30, d, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 30, d, 1, 1);
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, RegularizedCost.of(new Stvs(0.3), 1, d),
                    tight(0.5), 4)) {
                Potential f = map.potential();
                Vec p = Vec.copyOf(arena, 0.3, -0.2, 0.7, 0.1);
                Vec g = Vec.allocate(arena, DType.F64, d);
                double value = f.evaluate(p, g);
                assertEquals(value, f.evaluate(p, null), 0.0);
                for (int k = 0; k < d; k++) {
                    double h = 1e-6;
                    double x0 = p.get(k);
                    p.set(k, x0 + h);
                    double up = f.evaluate(p, null);
                    p.set(k, x0 - h);
                    double down = f.evaluate(p, null);
                    p.set(k, x0);
                    assertEquals((up - down) / (2 * h), g.get(k), 1e-7);
                }
            }
        }
    }

    /**
     * The map against a direct scalar evaluation of its definition, for τ = ℓ1 (per-pair passes) and a
     * subspace penalty (the AY-product costs and the one-gradient-at-the-average shortcut).
     */
    @Test
    void theMapIsItsDefinition() {
        SplittableRandom r = new SplittableRandom(16);
        int d = 7;
        int m = 23;
        double gamma = 1.3;
        double eps = 0.7;
        try (Arena arena = Arena.ofShared()) {
            Matrix y = Synthetic.gaussian(arena, r, m, d, 0.5, 1);
            Matrix q = Synthetic.gaussian(arena, r, 9, d, 0, 1);
            double[] g = new double[m];
            for (int j = 0; j < m; j++) {
                g[j] = 0.3 * r.nextGaussian();
            }
            double[][] a = Synthetic.orthonormalRows(r, 2, d);
            double[][] perp = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int c = 0; c < d; c++) {
                    perp[i][c] = (i == c ? 1 : 0) - a[0][i] * a[0][c] - a[1][i] * a[1][c];
                }
            }
            for (boolean subspace : new boolean[]{false, true}) {
                RegularizedCost h = subspace ? RegularizedCost.of(Subspace.of(Matrix.copyOf(arena, a)), gamma, d)
                        : RegularizedCost.of(new L1(1), gamma, d);
                Matrix t = Matrix.allocate(arena, DType.F64, 9, d);
                Vec f = Vec.allocate(arena, DType.F64, 9);
                try (MongeBregmanOccamMap map = MongeBregmanOccamMap.of(y, g, eps, h, 4)) {
                    map.evaluate(q, t, f);
                }
                for (int i = 0; i < 9; i++) {
                    double[] c = new double[m];
                    double[][] grads = new double[m][d];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < m; j++) {
                        double[] z = new double[d];
                        for (int k = 0; k < d; k++) {
                            z[k] = q.get(i, k) - y.get(j, k);
                        }
                        double sq = 0;
                        double pen = 0;
                        for (int k = 0; k < d; k++) {
                            sq += z[k] * z[k];
                            double pz = 0;
                            for (int l = 0; l < d; l++) {
                                pz += perp[k][l] * z[l];
                            }
                            pen += subspace ? 0.5 * pz * z[k] : Math.abs(z[k]);
                            grads[j][k] = z[k] + gamma * (subspace ? pz : Math.signum(z[k]));
                        }
                        c[j] = 0.5 * sq + gamma * pen;
                        max = Math.max(max, (g[j] - c[j]) / eps);
                    }
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        sum += Math.exp((g[j] - c[j]) / eps - max);
                    }
                    double lse = max + Math.log(sum);
                    assertEquals(-eps * lse, f.get(i), 1e-12, "f_ε, subspace " + subspace);
                    double[] w = new double[d];
                    for (int j = 0; j < m; j++) {
                        double p = Math.exp((g[j] - c[j]) / eps - lse);
                        for (int k = 0; k < d; k++) {
                            w[k] += p * grads[j][k];
                        }
                    }
                    for (int k = 0; k < d; k++) {
                        double prox;
                        if (subspace) {
                            double inSpan = 0;
                            for (int l = 0; l < d; l++) {
                                inSpan += (a[0][k] * a[0][l] + a[1][k] * a[1][l]) * w[l];
                            }
                            prox = (w[k] + gamma * inSpan) / (1 + gamma);
                        } else {
                            prox = Math.signum(w[k]) * Math.max(Math.abs(w[k]) - gamma, 0);
                        }
                        assertEquals(q.get(i, k) - prox, t.get(i, k), 1e-11, "T(x_" + i + ")_" + k + ", subspace " + subspace);
                    }
                }
            }
        }
    }

    @Test
    void badInputsAreRefused() {
        SplittableRandom r = new SplittableRandom(15);
        try (Arena arena = Arena.ofShared()) {
            Matrix y = Synthetic.gaussian(arena, r, 10, 3, 0, 1);
            RegularizedCost h = RegularizedCost.of(new L1(1), 1, 3);
            assertThrows(IllegalArgumentException.class, () -> MongeBregmanOccamMap.of(y, new double[9], 1, h, 4));
            assertThrows(IllegalArgumentException.class, () -> MongeBregmanOccamMap.of(y, new double[10], 0, h, 4));
            assertThrows(IllegalArgumentException.class, () -> MongeBregmanOccamMap.of(y, new double[10], 1, h, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> MongeBregmanOccamMap.of(y, new double[10], 1, RegularizedCost.of(new L1(1), 1, 4), 4));
            assertThrows(IllegalArgumentException.class,
                    () -> MongeBregmanOccamMap.of(y, new double[10], 1, RegularizedCost.of(new Box(0, 1), 1, 3), 4));
            double[] nan = new double[10];
            nan[2] = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> MongeBregmanOccamMap.of(y, nan, 1, h, 4));
            try (MongeBregmanOccamMap map = MongeBregmanOccamMap.of(y, new double[10], 1, h, 4)) {
                Matrix q = Synthetic.gaussian(arena, r, 5, 3, 0, 1);
                assertThrows(IllegalArgumentException.class,
                        () -> map.evaluate(Synthetic.gaussian(arena, r, 5, 4, 0, 1), null, null));
                assertThrows(IllegalArgumentException.class,
                        () -> map.evaluate(Matrix.allocate(arena, DType.F32, 5, 3), null, null));
                assertThrows(IllegalArgumentException.class,
                        () -> map.evaluate(q, Matrix.allocate(arena, DType.F64, 4, 3), null));
                assertThrows(IllegalArgumentException.class, () -> map.evaluate(q, q, null));
                assertThrows(IllegalArgumentException.class,
                        () -> map.evaluate(q, null, Vec.allocate(arena, DType.F64, 4)));
                assertArrayEquals(new double[]{0}, new double[]{map.zeroCoordinates()});
            }
        }
    }
}
