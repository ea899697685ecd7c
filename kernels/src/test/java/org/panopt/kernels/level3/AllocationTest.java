package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.kernels.level3.Operands.Mat;

/**
 * After warm-up, GEMM and SYRK allocate nothing per call, with a workspace and with the per-thread
 * cache, on the unpacked and the packed path, in both precisions. This also catches a vector value
 * that C2 failed to keep in registers (it would be boxed on every call).
 */
class AllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBy(Runnable calls, int rounds) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            calls.run();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void noAllocationPerCall() {
        // Transposed and plain A (each small-path kernel variant), B read in place and packed.
        for (boolean f32 : new boolean[]{false, true}) {
            SplittableRandom rnd = new SplittableRandom(1);
            int[][] shapes = {{13, 11, 7}, {64, 64, 64}, {100, 70, 280}};
            Mat[][] ops = new Mat[shapes.length][];
            for (int s = 0; s < shapes.length; s++) {
                int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                ops[s] = new Mat[]{Operands.random(rnd, f32, k, m, k, 0, null), Operands.random(rnd, f32, k, n, k, 0, null),
                    Operands.random(rnd, f32, m, n, m, 0, null), Operands.random(rnd, f32, n, n, n, 0, null),
                    Operands.random(rnd, f32, m, k, m, 0, null)};
            }
            GemmWorkspace ws = f32 ? GemmWorkspace.forFloats() : GemmWorkspace.forDoubles();
            Runnable calls = () -> {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                    Mat a = ops[s][0], b = ops[s][1], c = ops[s][2], sq = ops[s][3];
                    Operands.gemm(true, false, m, n, k, 0.5, a, b, 0.5, c, ws);
                    Operands.gemm(true, false, m, n, k, 0.5, a, b, 0, c, null);
                    Operands.gemm(false, false, m, n, k, 1, ops[s][4], b, 0, c, ws);
                    Operands.syrk(false, true, n, k, 1, b, 0.5, sq, ws);
                    Operands.syrk(true, true, n, k, 1, b, 0, sq, null);
                }
            };
            // Warm up until C2 has compiled every path (a round allocates nothing), within a time cap;
            // the assertion below is a separate measurement.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (allocatedBy(calls, 50) != 0 && System.nanoTime() < deadline) {
                calls.run();
            }
            long allocated = allocatedBy(calls, 100);
            assertEquals(0, allocated, "bytes allocated by 100 rounds of warmed-up calls (f32=" + f32 + ")");
        }
    }
}
