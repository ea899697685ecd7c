package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;

/** The LAPACK wrappers checked by identities: QᵀQ = I and QR = A; UΣVᵀ = A; Av = λv; LLᵀ = A; LU solve residual. */
class LapackTest {
    @BeforeAll
    static void library() {
        assumeTrue(OpenBlas.isAvailable(), () -> "OpenBLAS unavailable: " + OpenBlas.status().describe());
    }

    static double tol(Data p) {
        return p == Data.F64 ? 1e-12 : 2e-5;
    }

    static double el(Data p, MemorySegment s, int ld, int i, int j) {
        return p.get(s, i + (long) j * ld);
    }

    /** Max |X - Y| over an m x n block. */
    static double diff(Data p, int m, int n, MemorySegment x, int ldx, double[] y, int ldy) {
        double d = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                d = Math.max(d, Math.abs(el(p, x, ldx, i, j) - y[i + j * ldy]));
            }
        }
        return d;
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void qrGivesOrthonormalQAndReproducesA(Data p) {
        int m = 7, n = 4, lda = 9;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = p.random(arena, 2 + (long) lda * n, 41);
            double[] a0 = p.toArray(a);
            MemorySegment tau = p.random(arena, n + 1, 0);
            if (p == Data.F64) {
                Lapack.dgeqrf(m, n, a, 2, lda, tau, 1);
            } else {
                Lapack.sgeqrf(m, n, a, 2, lda, tau, 1);
            }
            double[] r = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i <= j; i++) {
                    r[i + j * n] = p.get(a, 2 + i + (long) j * lda);
                }
            }
            if (p == Data.F64) {
                Lapack.dorgqr(m, n, n, a, 2, lda, tau, 1);
            } else {
                Lapack.sorgqr(m, n, n, a, 2, lda, tau, 1);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < m; k++) {
                        s += p.get(a, 2 + k + (long) i * lda) * p.get(a, 2 + k + (long) j * lda);
                    }
                    assertEquals(i == j ? 1 : 0, s, 10 * tol(p), "QᵀQ");
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += p.get(a, 2 + i + (long) k * lda) * r[k + j * n];
                    }
                    assertEquals(a0[2 + i + j * lda], s, 10 * tol(p), "QR = A");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> Lapack.dorgqr(3, 4, 2, a, 0, lda, tau, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void svdReproducesAWithBothDrivers(Data p) {
        for (int[] shape : new int[][]{{6, 4}, {3, 5}}) {
            int m = shape[0], n = shape[1], mn = Math.min(m, n);
            for (boolean dc : new boolean[]{true, false}) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment a = p.random(arena, (long) m * n, 51);
                    double[] a0 = p.toArray(a);
                    MemorySegment s = p.random(arena, mn, 0);
                    MemorySegment u = p.random(arena, (long) m * mn, 0);
                    MemorySegment vt = p.random(arena, (long) mn * n, 0);
                    if (dc) {
                        if (p == Data.F64) {
                            Lapack.dgesdd(SvdJob.SOME, m, n, a, 0, m, s, 0, u, 0, m, vt, 0, mn);
                        } else {
                            Lapack.sgesdd(SvdJob.SOME, m, n, a, 0, m, s, 0, u, 0, m, vt, 0, mn);
                        }
                    } else if (p == Data.F64) {
                        Lapack.dgesvd(SvdJob.SOME, SvdJob.SOME, m, n, a, 0, m, s, 0, u, 0, m, vt, 0, mn);
                    } else {
                        Lapack.sgesvd(SvdJob.SOME, SvdJob.SOME, m, n, a, 0, m, s, 0, u, 0, m, vt, 0, mn);
                    }
                    for (int k = 1; k < mn; k++) {
                        assertTrue(p.get(s, k - 1) >= p.get(s, k), "descending singular values");
                    }
                    double[] usv = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0;
                            for (int k = 0; k < mn; k++) {
                                acc += el(p, u, m, i, k) * p.get(s, k) * el(p, vt, mn, k, j);
                            }
                            usv[i + j * m] = acc;
                        }
                    }
                    double worst = 0;
                    for (int i = 0; i < m * n; i++) {
                        worst = Math.max(worst, Math.abs(usv[i] - a0[i]));
                    }
                    assertTrue(worst < 20 * tol(p), "UΣVᵀ = A off by " + worst);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void syevdEigenpairsSatisfyAvEqualsLambdaV(Data p) {
        int n = 6;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = p.random(arena, (long) n * n, 61);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    p.set(a, i + (long) j * n, p.get(a, j + (long) i * n));
                }
            }
            double[] a0 = p.toArray(a);
            MemorySegment w = p.random(arena, n, 0);
            if (p == Data.F64) {
                Lapack.dsyevd(true, Uplo.LOWER, n, a, 0, n, w, 0);
            } else {
                Lapack.ssyevd(true, Uplo.LOWER, n, a, 0, n, w, 0);
            }
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    assertTrue(p.get(w, k - 1) <= p.get(w, k), "ascending eigenvalues");
                }
                for (int i = 0; i < n; i++) {
                    double av = 0;
                    for (int j = 0; j < n; j++) {
                        av += a0[i + j * n] * el(p, a, n, j, k);
                    }
                    assertEquals(p.get(w, k) * el(p, a, n, i, k), av, 10 * tol(p), "Av = λv");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void choleskyFactorReproducesAAndSolves(Data p) {
        int n = 5, nrhs = 2;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = p.random(arena, (long) n * n, 71);
            MemorySegment a = p.random(arena, (long) n * n, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? n : 0;
                    for (int k = 0; k < n; k++) {
                        s += el(p, g, n, i, k) * el(p, g, n, j, k);
                    }
                    p.set(a, i + (long) j * n, s);
                }
            }
            double[] a0 = p.toArray(a);
            MemorySegment b = p.random(arena, (long) n * nrhs, 72);
            double[] b0 = p.toArray(b);
            if (p == Data.F64) {
                Lapack.dpotrf(Uplo.LOWER, n, a, 0, n);
                Lapack.dpotrs(Uplo.LOWER, n, nrhs, a, 0, n, b, 0, n);
            } else {
                Lapack.spotrf(Uplo.LOWER, n, a, 0, n);
                Lapack.spotrs(Uplo.LOWER, n, nrhs, a, 0, n, b, 0, n);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) {
                        s += el(p, a, n, i, k) * el(p, a, n, j, k);
                    }
                    assertEquals(a0[i + j * n], s, 20 * tol(p) * n, "LLᵀ = A");
                }
                for (int r = 0; r < nrhs; r++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += a0[i + k * n] * el(p, b, n, k, r);
                    }
                    assertEquals(b0[i + r * n], s, 20 * tol(p) * n, "A x = b");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void luSolveResidualIsSmallForBothTransposes(Data p) {
        int n = 6, nrhs = 3;
        for (Trans t : Trans.values()) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = p.random(arena, (long) n * n, 81);
                double[] a0 = p.toArray(a);
                MemorySegment ipiv = arena.allocate(4L * n, 64);
                MemorySegment b = p.random(arena, (long) n * nrhs, 82);
                double[] b0 = p.toArray(b);
                if (p == Data.F64) {
                    Lapack.dgetrf(n, n, a, 0, n, ipiv, 0);
                    Lapack.dgetrs(t, n, nrhs, a, 0, n, ipiv, 0, b, 0, n);
                } else {
                    Lapack.sgetrf(n, n, a, 0, n, ipiv, 0);
                    Lapack.sgetrs(t, n, nrhs, a, 0, n, ipiv, 0, b, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    for (int r = 0; r < nrhs; r++) {
                        double s = 0;
                        for (int k = 0; k < n; k++) {
                            s += (t == Trans.N ? a0[i + k * n] : a0[k + i * n]) * el(p, b, n, k, r);
                        }
                        assertEquals(b0[i + r * n], s, 200 * tol(p), "op(A) x = b");
                    }
                }
            }
        }
    }

    @Test
    void failuresSayWhatFailed() {
        try (Arena arena = Arena.ofConfined()) {
            // Positive definite leading 6x6 block, then a column that makes the 7x7 minor negative.
            int n = 8;
            MemorySegment a = arena.allocate(8L * n * n, 64);
            for (int i = 0; i < n; i++) {
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i + (long) i * n, i == 6 ? -1 : 2);
            }
            LapackException e = assertThrows(LapackException.class, () -> Lapack.dpotrf(Uplo.UPPER, n, a, 0, n));
            assertTrue(e.getMessage().contains("not positive definite at column 7"), e.getMessage());
            assertEquals(7, e.info());

            MemorySegment s = arena.allocate(8L * 16, 64); // 4x4 with a zero 4th column: U(4,4) = 0
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    s.setAtIndex(ValueLayout.JAVA_DOUBLE, i + 4L * j, i == j ? 1 : 0.25 * (i + j));
                }
            }
            MemorySegment ipiv = arena.allocate(16, 64);
            LapackException lu = assertThrows(LapackException.class, () -> Lapack.dgetrf(4, 4, s, 0, 4, ipiv, 0));
            assertTrue(lu.getMessage().contains("singular: U(4,4) is exactly zero"), lu.getMessage());

            ipiv.setAtIndex(ValueLayout.JAVA_INT, 2, 9); // corrupted pivot: refused before the call
            MemorySegment b = arena.allocate(32, 64);
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> Lapack.dgetrs(Trans.N, 4, 1, s, 0, 4, ipiv, 0, b, 0, 4));
            assertTrue(bad.getMessage().contains("ipiv[2] = 9"), bad.getMessage());

            MemorySegment heap = MemorySegment.ofArray(new double[16]);
            IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                    () -> Lapack.dpotrf(Uplo.LOWER, 4, heap, 0, 4));
            assertTrue(h.getMessage().contains("heap segment"), h.getMessage());
        }
    }
}
