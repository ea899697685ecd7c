package org.panopt.algorithms.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.parallel.FixedPool;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/**
 * n = m = 100 000 points in dimension 64 run in streaming mode: C (10¹⁰ entries, 80 GB in float64)
 * is never materialised. Slow (about a minute per iteration on two cores), so tagged; to check the
 * 4 GiB bound, run it in a JVM that cannot use more:
 * <pre>
 * mvn -B -ntp -q -pl algorithms -am test -Dpanopt.slow -Dtest=LargeStreamingTest -Dsurefire.failIfNoSpecifiedTests=false \
 *   "-Dpanopt.jvm.flags=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx3g -XX:MaxDirectMemorySize=1g"
 * </pre>
 * (off-heap {@code Arena} memory counts against {@code MaxDirectMemorySize}).
 */
@Tag("slow")
class LargeStreamingTest {
    @Test
    void hundredThousandPointsInDimension64StreamWithinFourGiB() {
        int n = 100_000;
        int d = 64;
        try (Arena arena = Arena.ofShared(); FixedPool pool = FixedPool.create(2)) {
            Matrix x = Matrix.allocate(arena, DType.F64, n, d);
            Matrix y = Matrix.allocate(arena, DType.F64, n, d);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    x.set(i, k, Math.sin(0.37 * i + 1.3 * k));
                    y.set(i, k, Math.cos(0.29 * i + 0.7 * k) + 0.1);
                }
            }
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(1.0).withPool(pool);
            try (Sinkhorn s = Sinkhorn.create(PointCloud.squaredEuclidean(x, y), null, null, o)) {
                s.step(); // g and f: two passes over 10¹⁰ streamed entries
                double err = s.measureError(); // and a third
                assertTrue(Double.isFinite(err), "error " + err);
                long offHeap = s.workspaceBytes() + 2L * n * d * 8;
                Runtime rt = Runtime.getRuntime();
                long heap = rt.totalMemory() - rt.freeMemory();
                System.out.printf("off-heap %.1f MiB (workspace %.1f MiB), heap in use %.1f MiB, error %.3g%n",
                        offHeap / 1048576.0, s.workspaceBytes() / 1048576.0, heap / 1048576.0, s.error());
                assertTrue(offHeap < 1L << 30, "off-heap bytes " + offHeap);
                assertTrue(offHeap + heap < 4L << 30, "heap + off-heap " + (offHeap + heap));
            }
        }
    }
}
