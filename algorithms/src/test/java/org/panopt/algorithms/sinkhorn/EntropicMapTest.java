package org.panopt.algorithms.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

class EntropicMapTest {
    @Test
    void atTheSourcePointsTheMapIsTheBarycentricProjectionOfThePlan() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 37;
            int m = 29;
            Matrix x = Problems.gaussian(arena, DType.F64, n, 3, 0, 1);
            Matrix y = Problems.gaussian(arena, DType.F64, m, 3, 2, 2);
            PointCloud pc = PointCloud.squaredEuclidean(x, y);
            double eps = 0.3;
            SinkhornResult r = Sinkhorn.solve(pc, null, null,
                    SinkhornOptions.defaults().withEpsilon(eps).withThreshold(1e-12).withPlan(true));
            Matrix p = r.planIfComputed().orElseThrow();
            Matrix t = Matrix.allocate(arena, DType.F64, n, 3);
            Vec pot = Vec.allocate(arena, DType.F64, n);
            Matrix tSmall = Matrix.allocate(arena, DType.F64, n, 3);
            Vec potSmall = Vec.allocate(arena, DType.F64, n);
            try (EntropicMap map = EntropicMap.create(pc, r, 64); EntropicMap small = EntropicMap.create(pc, r, 5)) {
                map.evaluate(x, t, pot);
                small.evaluate(x, tSmall, potSmall); // eight batches through one workspace
            }
            double[] f = r.f();
            double a = 1.0 / n;
            for (int i = 0; i < n; i++) {
                assertEquals(f[i] - eps * Math.log(a), pot.get(i), 1e-10, "f_ε(x_" + i + ")");
                assertEquals(pot.get(i), potSmall.get(i), 1e-13);
                for (int k = 0; k < 3; k++) {
                    double s = 0;
                    for (int j = 0; j < m; j++) {
                        s += p.get(i, j) * y.get(j, k);
                    }
                    assertEquals(s / a, t.get(i, k), 1e-9, "T(x_" + i + ")_" + k);
                    assertEquals(t.get(i, k), tSmall.get(i, k), 1e-13);
                }
            }
        }
    }

    @Test
    void shapesAreChecked() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = Problems.gaussian(arena, DType.F64, 10, 2, 0, 3);
            PointCloud pc = PointCloud.squaredEuclidean(x, x);
            SinkhornResult r = Sinkhorn.solve(pc, null, null, SinkhornOptions.defaults().withEpsilon(1));
            try (EntropicMap map = EntropicMap.create(pc, r, 4)) {
                Matrix q3 = Matrix.allocate(arena, DType.F64, 3, 3);
                assertThrows(IllegalArgumentException.class, () -> map.evaluate(q3, null, null));
                Matrix q = Matrix.allocate(arena, DType.F64, 3, 2);
                assertThrows(IllegalArgumentException.class,
                        () -> map.evaluate(q, Matrix.allocate(arena, DType.F64, 2, 2), null));
            }
        }
    }
}
