package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.kernels.level3.Operands.Mat;

/** The parallel path gives the single-thread path's result bit for bit (same block sizes). */
class ParallelGemmTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @ParameterizedTest(name = "f32={0} parts={1} m={2} n={3} k={4}")
    @CsvSource({
        "false, 3, 70, 100, 270", "false, 2, 150, 20, 260", "false, 4, 13, 300, 31", "false, 3, 1, 1, 1",
        "false, 5, 97, 89, 101", "true, 3, 50, 100, 520", "true, 2, 200, 30, 17", "true, 4, 61, 67, 71"})
    void equalsSingleThread(boolean f32, int parts, int m, int n, int k) {
        ParallelGemm par = new ParallelGemm(pool, parts);
        for (int t = 0; t < 4; t++) {
            boolean ta = t >= 2, tb = (t & 1) == 1;
            SplittableRandom rnd = new SplittableRandom(t * 31L + m);
            Mat a = Operands.random(rnd, f32, ta ? k : m, ta ? m : k, (ta ? k : m) + 1, 2, null);
            Mat b = Operands.random(rnd, f32, tb ? n : k, tb ? k : n, tb ? n : k, 0, null);
            Mat c1 = Operands.random(new SplittableRandom(5), f32, m, n, m + 2, 1, null);
            Mat c2 = Operands.random(new SplittableRandom(5), f32, m, n, m + 2, 1, null);
            Operands.gemm(ta, tb, m, n, k, -0.75, a, b, 1.5, c1, null);
            if (f32) {
                par.sgemm(ta, tb, m, n, k, -0.75f, a.seg(), a.off(), a.ld(), b.seg(), b.off(), b.ld(), 1.5f,
                        c2.seg(), c2.off(), c2.ld());
            } else {
                par.dgemm(ta, tb, m, n, k, -0.75, a.seg(), a.off(), a.ld(), b.seg(), b.off(), b.ld(), 1.5, c2.seg(),
                        c2.off(), c2.ld());
            }
            assertArrayEquals(c1.snapshot(), c2.snapshot(), "tA=" + ta + " tB=" + tb);
        }
    }
}
