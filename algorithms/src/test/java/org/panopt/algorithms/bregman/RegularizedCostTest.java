package org.panopt.algorithms.bregman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.prox.Box;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.SquaredKOverlap;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/** h = ½‖·‖² + γτ: ∇h* inverts ∇h, Fenchel–Young, the prox of h, the array interface, and as a streamed Sinkhorn geometry. */
class RegularizedCostTest {
    static RegularizedCost[] costs(Arena arena, int d) {
        SplittableRandom r = new SplittableRandom(4);
        return new RegularizedCost[]{RegularizedCost.of(new L1(1), 0.7, d), RegularizedCost.of(new Stvs(0.8), 1, d),
                RegularizedCost.of(new SquaredKOverlap(2, d), 0.9, d),
                RegularizedCost.of(Subspace.of(Matrix.copyOf(arena, Synthetic.orthonormalRows(r, 2, d))), 3, d),
                RegularizedCost.halfSquaredEuclidean(d)};
    }

    @Test
    void conjugateGradientInvertsTheGradientAndFenchelYoungHolds() {
        int d = 9;
        SplittableRandom r = new SplittableRandom(5);
        try (Arena arena = Arena.ofConfined()) {
            Vec z = Vec.allocate(arena, DType.F64, d);
            Vec w = Vec.allocate(arena, DType.F64, d);
            Vec back = Vec.allocate(arena, DType.F64, d);
            for (RegularizedCost h : costs(arena, d)) {
                for (int rep = 0; rep < 5; rep++) {
                    for (int k = 0; k < d; k++) {
                        z.set(k, 2 * r.nextGaussian() + (k % 2 == 0 ? 0.5 : -0.5));
                    }
                    h.gradient(z, w);
                    h.conjugateGradient(w, back);
                    assertArrayEquals(z.toArray(), back.toArray(), 1e-12, h + ": ∇h*(∇h(z)) = z");
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += z.get(k) * w.get(k);
                    }
                    assertEquals(dot, h.value(z) + h.conjugate(w), 1e-11 * Math.max(1, Math.abs(dot)), h + ": Fenchel–Young");
                    double[] za = z.toArray();
                    assertEquals(h.value(z), h.value(za), 0.0);
                    double[] ga = new double[d];
                    h.gradient(za, ga);
                    assertArrayEquals(w.toArray(), ga, 0.0);
                }
            }
        }
    }

    @Test
    void proxOfHMinimisesTheProxObjective() {
        int d = 7;
        SplittableRandom r = new SplittableRandom(6);
        try (Arena arena = Arena.ofConfined()) {
            Vec v = Vec.allocate(arena, DType.F64, d);
            Vec p = Vec.allocate(arena, DType.F64, d);
            Vec trial = Vec.allocate(arena, DType.F64, d);
            for (RegularizedCost h : costs(arena, d)) {
                for (double t : new double[]{0.1, 1, 3}) {
                    for (int k = 0; k < d; k++) {
                        v.set(k, 3 * r.nextGaussian());
                    }
                    h.proxOfH(v, t, p);
                    double best = objective(h, v, p, t);
                    // no nearby point does better (the objective is strongly convex: local = global)
                    for (int rep = 0; rep < 400; rep++) {
                        double scale = Math.pow(10, -1 - rep % 6);
                        for (int k = 0; k < d; k++) {
                            trial.set(k, p.get(k) + scale * r.nextGaussian());
                        }
                        assertEquals(Math.min(best, objective(h, v, trial, t)), best, 1e-13 * Math.max(1, best),
                                h + " t " + t);
                    }
                }
            }
        }
    }

    private static double objective(RegularizedCost h, Vec v, Vec z, double t) {
        double s = 0;
        for (int k = 0; k < v.length(); k++) {
            s += 0.5 * (z.get(k) - v.get(k)) * (z.get(k) - v.get(k));
        }
        return s + t * h.value(z);
    }

    @Test
    void aStreamedGeometryGivesTheDenseSolution() {
        SplittableRandom r = new SplittableRandom(7);
        try (Arena arena = Arena.ofShared(); Workspace ws = Workspace.create()) {
            Matrix x = Synthetic.gaussian(arena, r, 70, 6, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 50, 6, 2, 1.5);
            RegularizedCost h = RegularizedCost.of(new L1(1), 0.5, 6);
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(0.3).withThreshold(1e-12);
            SinkhornResult streamed = Sinkhorn.solve(PointCloud.of(x, y, h), null, null, o);
            // dense reference built entry by entry from the definition
            Matrix c = ws.matrix(DType.F64, 70, 50);
            for (int i = 0; i < 70; i++) {
                for (int j = 0; j < 50; j++) {
                    double s = 0;
                    double l1 = 0;
                    for (int k = 0; k < 6; k++) {
                        double z = x.get(i, k) - y.get(j, k);
                        s += z * z;
                        l1 += Math.abs(z);
                    }
                    c.set(i, j, 0.5 * s + 0.5 * l1);
                }
            }
            SinkhornResult dense = Sinkhorn.solve(CostMatrix.of(c), null, null, o);
            assertArrayEquals(dense.f(), streamed.f(), 1e-10);
            assertArrayEquals(dense.g(), streamed.g(), 1e-10);
            assertEquals(dense.transportCost(), streamed.transportCost(), 1e-10);
            // and so does the cost matrix computed by the map's per-pair code
            Matrix ct = MongeBregmanOccamMap.costMatrixTransposed(ws, x, y, h);
            for (int i = 0; i < 70; i++) {
                for (int j = 0; j < 50; j++) {
                    assertEquals(c.get(i, j), ct.get(j, i), 1e-13);
                }
            }
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> RegularizedCost.of(new L1(1), -1, 3));
        assertThrows(IllegalArgumentException.class, () -> RegularizedCost.of(new L1(1), 1, 0));
        RegularizedCost h = RegularizedCost.of(new L1(1), 1, 3);
        assertThrows(IllegalArgumentException.class, () -> h.value(new double[4]));
        try (Arena arena = Arena.ofConfined()) {
            Vec four = Vec.allocate(arena, DType.F64, 4);
            assertThrows(IllegalArgumentException.class, () -> h.value(four));
            Vec three = Vec.allocate(arena, DType.F64, 3);
            assertThrows(IllegalArgumentException.class, () -> h.proxOfH(three, -1, three));
            assertThrows(UnsupportedOperationException.class,
                    () -> RegularizedCost.of(new Box(0, 1), 1, 3).gradient(three, three));
        }
    }
}
