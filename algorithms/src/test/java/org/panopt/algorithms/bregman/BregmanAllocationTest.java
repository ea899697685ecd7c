package org.panopt.algorithms.bregman;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.core.diagnostics.AllocationMeter;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.SquaredKOverlap;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/** 0 bytes allocated by warmed-up map evaluations (several batches, every penalty) and h-transform solves. */
class BregmanAllocationTest {

    @Test
    void mapEvaluationAllocatesNothing() {
        SplittableRandom r = new SplittableRandom(31);
        int d = 21;
        try (Arena arena = Arena.ofShared()) {
            Matrix x = Synthetic.gaussian(arena, r, 60, d, 0, 1);
            Matrix y = Synthetic.shifted(arena, r, 50, d, 3, 2);
            Matrix q = Synthetic.gaussian(arena, r, 11, d, 0, 1);
            Matrix t = Matrix.allocate(arena, DType.F64, 11, d);
            Vec f = Vec.allocate(arena, DType.F64, 11);
            RegularizedCost[] costs = {RegularizedCost.of(new L1(1), 1, d), RegularizedCost.of(new Stvs(0.5), 1, d),
                    RegularizedCost.of(new SquaredKOverlap(4, d), 0.5, d),
                    RegularizedCost.of(Subspace.of(Matrix.copyOf(arena, Synthetic.orthonormalRows(r, 3, d))), 2, d),
                    RegularizedCost.halfSquaredEuclidean(d)};
            for (RegularizedCost h : costs) {
                try (MongeBregmanOccamMap map = MongeBregmanOccamMap.fit(x, y, h,
                        SinkhornOptions.defaults().withEpsilon(2), 4)) {          // 11 queries: batches of 4, 4, 3
                    quiet(h + ": map evaluation", AllocationMeter.untilQuiet(() -> map.evaluate(q, t, f), 50));
                }
            }
        }
    }

    @Test
    void hTransformSolveAllocatesNothing() {
        try (Arena arena = Arena.ofShared()) {
            int d = 12;
            double[][] b = new double[d][d];
            double[] a = new double[d];
            for (int i = 0; i < d; i++) {
                b[i][i] = 0.5 + i * 0.1;
                a[i] = Math.sin(i);
            }
            HTransform ht = new HTransform(RegularizedCost.of(new L1(1), 0.4, d),
                    new QuadraticPotential(Matrix.copyOf(arena, b), a, 0), HTransform.Options.defaults());
            Vec x = Vec.allocate(arena, DType.F64, d);
            Vec z = Vec.allocate(arena, DType.F64, d);
            for (int i = 0; i < d; i++) {
                x.set(i, Math.cos(3 * i) * 2);
            }
            double[] sink = new double[1];
            quiet("h-transform solve", AllocationMeter.untilQuiet(() -> sink[0] += ht.solve(x, z), 100));
        }
    }

    static void quiet(String what, AllocationMeter.Result r) {
        assertTrue(r.quiet(), what + ": no round of calls was free of allocation; bytes per round: " + r.history());
    }
}
