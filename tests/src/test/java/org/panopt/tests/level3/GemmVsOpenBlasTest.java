package org.panopt.tests.level3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.Syrk;

/**
 * The Vector API GEMM and SYRK against OpenBLAS through panopt's binding, on every transpose
 * combination, both precisions, the unpacked and the packed paths, with leading dimensions larger
 * than the rows. Skipped, with the loader's reason, where no OpenBLAS library is found.
 *
 * <p>Tolerance: both sum k products in different orders, each within {@code (k + 2)·u} relative to
 * {@code |α|·Σ|a||b| + |β·c|} (Higham, Thm 3.5, plus the scaling), so they may differ by twice that;
 * with entries in [−1, 1), |α| ≤ 1.5 and |β| ≤ 1 the bound used is {@code 2(k + 2)·u·(1.5·k + 1)}.
 */
class GemmVsOpenBlasTest {
    @BeforeAll
    static void openBlasPresent() {
        assumeTrue(OpenBlas.isAvailable(), () -> "OpenBLAS not available: " + OpenBlas.status());
        OpenBlas.setNumThreads(1);
    }

    @ParameterizedTest(name = "f32={0} m={1} n={2} k={3}")
    @CsvSource({"false, 64, 64, 64", "false, 257, 131, 345", "false, 13, 7, 5", "true, 64, 48, 80",
        "true, 200, 170, 700", "true, 3, 17, 9"})
    void gemmMatchesOpenBlas(boolean f32, int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n);
        try (Arena arena = Arena.ofConfined()) {
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                int lda = (ta ? k : m) + 3, ldb = (tb ? n : k) + 1, ldc = m + 2;
                MemorySegment a = random(arena, rnd, f32, (long) lda * (ta ? m : k));
                MemorySegment b = random(arena, rnd, f32, (long) ldb * (tb ? k : n));
                MemorySegment c1 = random(arena, rnd, f32, (long) ldc * n);
                MemorySegment c2 = arena.allocate(c1.byteSize(), 64).copyFrom(c1);
                if (f32) {
                    Gemm.sgemm(ta, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, -0.5f, c1, 0, ldc);
                    Blas.sgemm(ta ? Trans.T : Trans.N, tb ? Trans.T : Trans.N, m, n, k, 0.75f, a, 0, lda, b, 0, ldb,
                            -0.5f, c2, 0, ldc);
                } else {
                    Gemm.dgemm(ta, tb, m, n, k, 0.75, a, 0, lda, b, 0, ldb, -0.5, c1, 0, ldc);
                    Blas.dgemm(ta ? Trans.T : Trans.N, tb ? Trans.T : Trans.N, m, n, k, 0.75, a, 0, lda, b, 0, ldb,
                            -0.5, c2, 0, ldc);
                }
                assertClose(c1, c2, m, n, ldc, k, f32, "tA=" + ta + " tB=" + tb);
            }
        }
    }

    @ParameterizedTest(name = "f32={0} n={1} k={2}")
    @CsvSource({"false, 64, 40", "false, 301, 257", "true, 150, 700", "true, 9, 3"})
    void syrkMatchesOpenBlas(boolean f32, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(n * 7L + k);
        try (Arena arena = Arena.ofConfined()) {
            for (int t = 0; t < 4; t++) {
                boolean upper = (t & 1) == 1, trans = t >= 2;
                int lda = (trans ? k : n) + 2;
                MemorySegment a = random(arena, rnd, f32, (long) lda * (trans ? n : k));
                MemorySegment c1 = random(arena, rnd, f32, (long) n * n);
                MemorySegment c2 = arena.allocate(c1.byteSize(), 64).copyFrom(c1);
                Uplo uplo = upper ? Uplo.UPPER : Uplo.LOWER;
                Trans tr = trans ? Trans.T : Trans.N;
                if (f32) {
                    Syrk.ssyrk(upper, trans, n, k, 1.5f, a, 0, lda, 0.25f, c1, 0, n);
                    Blas.ssyrk(uplo, tr, n, k, 1.5f, a, 0, lda, 0.25f, c2, 0, n);
                } else {
                    Syrk.dsyrk(upper, trans, n, k, 1.5, a, 0, lda, 0.25, c1, 0, n);
                    Blas.dsyrk(uplo, tr, n, k, 1.5, a, 0, lda, 0.25, c2, 0, n);
                }
                // Both touch only the triangle, so the whole matrices must agree.
                assertClose(c1, c2, n, n, n, k, f32, "upper=" + upper + " trans=" + trans);
            }
        }
    }

    private static MemorySegment random(Arena arena, SplittableRandom rnd, boolean f32, long elems) {
        MemorySegment s = arena.allocate(elems * (f32 ? 4 : 8), 64);
        for (long i = 0; i < elems; i++) {
            if (f32) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble(-1, 1));
            } else {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble(-1, 1));
            }
        }
        return s;
    }

    private static void assertClose(MemorySegment x, MemorySegment y, int m, int n, int ld, int k, boolean f32,
                                    String what) {
        double u = f32 ? 0x1p-24 : 0x1p-53;
        double tol = 2 * (k + 2) * u * (k * 1.5 + 1);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                long idx = i + (long) j * ld;
                double p = f32 ? x.getAtIndex(ValueLayout.JAVA_FLOAT, idx) : x.getAtIndex(ValueLayout.JAVA_DOUBLE, idx);
                double q = f32 ? y.getAtIndex(ValueLayout.JAVA_FLOAT, idx) : y.getAtIndex(ValueLayout.JAVA_DOUBLE, idx);
                assertEquals(q, p, tol, what + " (" + i + "," + j + ")");
            }
        }
    }
}
