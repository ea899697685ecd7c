package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panopt.ffi.Checks;
import org.panopt.ffi.Diag;
import org.panopt.ffi.Side;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;

/**
 * Every CBLAS routine against a scalar reference on small cases, in both precisions, with element
 * offsets, strides (negative ones for the two-vector routines), transposes and padded leading
 * dimensions, on off-heap and (critical calls) heap segments.
 */
class BlasTest {
    @BeforeAll
    static void library() {
        assumeTrue(OpenBlas.isAvailable(), () -> "OpenBLAS unavailable: " + OpenBlas.status().describe());
    }

    /** Element k of a strided vector in BLAS order (negative increments start from the far end). */
    static long idx(long off, int n, int inc, int k) {
        return inc > 0 ? off + (long) k * inc : off + (long) (n - 1 - k) * -inc;
    }

    static void close(Data p, double want, double got, double scale) {
        assertEquals(want, got, p.tol() * Math.max(1, scale), () -> "want " + want + " got " + got);
    }

    static void closeAll(Data p, double[] want, double[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            int k = i;
            assertEquals(want[i], got[i], p.tol() * Math.max(1, Math.abs(want[i])) * 4, () -> "element " + k);
        }
    }

    static double dot(Data p, int n, MemorySegment x, long ox, int ix, MemorySegment y, long oy, int iy) {
        return p == Data.F64 ? Blas.ddot(n, x, ox, ix, y, oy, iy) : Blas.sdot(n, x, ox, ix, y, oy, iy);
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void level1AgainstScalarReference(Data p) {
        int[][] incs = {{1, 1}, {2, 3}, {-1, 2}, {3, -2}, {-2, -1}};
        try (Arena arena = Arena.ofConfined()) {
            for (int n : new int[]{1, 2, 7, 33}) {
                for (int[] inc : incs) {
                    int ix = inc[0], iy = inc[1];
                    long ox = 3, oy = 5;
                    MemorySegment x = p.random(arena, ox + (long) n * Math.abs(ix), n);
                    MemorySegment y = p.random(arena, oy + (long) n * Math.abs(iy), n + 100);
                    double ref = 0;
                    for (int k = 0; k < n; k++) {
                        ref += p.get(x, idx(ox, n, ix, k)) * p.get(y, idx(oy, n, iy, k));
                    }
                    close(p, ref, dot(p, n, x, ox, ix, y, oy, iy), n);

                    // axpy
                    double alpha = 0.75;
                    double[] want = p.toArray(y);
                    for (int k = 0; k < n; k++) {
                        long j = idx(oy, n, iy, k);
                        want[(int) j] = want[(int) j] + alpha * p.get(x, idx(ox, n, ix, k));
                    }
                    if (p == Data.F64) {
                        Blas.daxpy(n, alpha, x, ox, ix, y, oy, iy);
                    } else {
                        Blas.saxpy(n, (float) alpha, x, ox, ix, y, oy, iy);
                    }
                    closeAll(p, want, p.toArray(y));

                    // copy
                    want = p.toArray(y);
                    for (int k = 0; k < n; k++) {
                        want[(int) idx(oy, n, iy, k)] = p.get(x, idx(ox, n, ix, k));
                    }
                    if (p == Data.F64) {
                        Blas.dcopy(n, x, ox, ix, y, oy, iy);
                    } else {
                        Blas.scopy(n, x, ox, ix, y, oy, iy);
                    }
                    assertArrayEquals(want, p.toArray(y));

                    if (ix > 0) {
                        double nrm = 0, asum = 0, best = -1;
                        int arg = -1;
                        for (int k = 0; k < n; k++) {
                            double v = p.get(x, ox + (long) k * ix);
                            nrm += v * v;
                            asum += Math.abs(v);
                            if (Math.abs(v) > best) {
                                best = Math.abs(v);
                                arg = k;
                            }
                        }
                        if (p == Data.F64) {
                            close(p, Math.sqrt(nrm), Blas.dnrm2(n, x, ox, ix), 1);
                            close(p, asum, Blas.dasum(n, x, ox, ix), n);
                            assertEquals(arg, Blas.idamax(n, x, ox, ix));
                        } else {
                            close(p, Math.sqrt(nrm), Blas.snrm2(n, x, ox, ix), 1);
                            close(p, asum, Blas.sasum(n, x, ox, ix), n);
                            assertEquals(arg, Blas.isamax(n, x, ox, ix));
                        }
                        want = p.toArray(x);
                        for (int k = 0; k < n; k++) {
                            want[(int) (ox + (long) k * ix)] *= -2.5;
                        }
                        if (p == Data.F64) {
                            Blas.dscal(n, -2.5, x, ox, ix);
                        } else {
                            Blas.sscal(n, -2.5f, x, ox, ix);
                        }
                        closeAll(p, want, p.toArray(x));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void gemvGerSymvAgainstScalarReference(Data p) {
        try (Arena arena = Arena.ofConfined()) {
            int m = 5, n = 4, lda = 7;
            long oa = 2;
            MemorySegment a = p.random(arena, oa + (long) lda * n, 1);
            for (Trans t : Trans.values()) {
                int lx = t == Trans.N ? n : m, ly = t == Trans.N ? m : n;
                MemorySegment x = p.random(arena, 1 + 2L * lx, 2);
                MemorySegment y = p.random(arena, 3L * ly, 3);
                double[] want = p.toArray(y);
                for (int i = 0; i < ly; i++) {
                    double s = 0;
                    for (int k = 0; k < lx; k++) {
                        double aik = t == Trans.N ? p.get(a, oa + i + (long) k * lda) : p.get(a, oa + k + (long) i * lda);
                        s += aik * p.get(x, 1 + 2L * k);
                    }
                    want[(int) (idx(0, ly, -3, i))] = 1.5 * s + 0.5 * want[(int) idx(0, ly, -3, i)];
                }
                if (p == Data.F64) {
                    Blas.dgemv(t, m, n, 1.5, a, oa, lda, x, 1, 2, 0.5, y, 0, -3);
                } else {
                    Blas.sgemv(t, m, n, 1.5f, a, oa, lda, x, 1, 2, 0.5f, y, 0, -3);
                }
                closeAll(p, want, p.toArray(y));
            }

            // ger: A += alpha x y^T
            MemorySegment x = p.random(arena, m, 4);
            MemorySegment y = p.random(arena, 2L * n, 5);
            double[] want = p.toArray(a);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    want[(int) (oa + i + (long) j * lda)] += -0.5 * p.get(x, i) * p.get(y, 2L * j);
                }
            }
            if (p == Data.F64) {
                Blas.dger(m, n, -0.5, x, 0, 1, y, 0, 2, a, oa, lda);
            } else {
                Blas.sger(m, n, -0.5f, x, 0, 1, y, 0, 2, a, oa, lda);
            }
            closeAll(p, want, p.toArray(a));

            // symv reads one triangle only: poison the other with NaN-free garbage that would change the result
            for (Uplo uplo : Uplo.values()) {
                int ns = 4;
                MemorySegment s = p.random(arena, (long) lda * ns, 6);
                MemorySegment xs = p.random(arena, ns, 7);
                MemorySegment ys = p.random(arena, ns, 8);
                double[] ws = p.toArray(ys);
                for (int i = 0; i < ns; i++) {
                    double acc = 0;
                    for (int k = 0; k < ns; k++) {
                        boolean stored = uplo == Uplo.UPPER ? i <= k : i >= k;
                        double aik = stored ? p.get(s, i + (long) k * lda) : p.get(s, k + (long) i * lda);
                        acc += aik * p.get(xs, k);
                    }
                    ws[i] = 2 * acc - ws[i];
                }
                if (p == Data.F64) {
                    Blas.dsymv(uplo, ns, 2, s, 0, lda, xs, 0, 1, -1, ys, 0, 1);
                } else {
                    Blas.ssymv(uplo, ns, 2f, s, 0, lda, xs, 0, 1, -1f, ys, 0, 1);
                }
                closeAll(p, ws, p.toArray(ys));
            }
        }
    }

    static double opGet(Data p, MemorySegment s, long off, int ld, Trans t, int i, int j) {
        return t == Trans.N ? p.get(s, off + i + (long) j * ld) : p.get(s, off + j + (long) i * ld);
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void gemmAllTransposesAgainstScalarReference(Data p) {
        int m = 6, n = 5, k = 4;
        try (Arena arena = Arena.ofConfined()) {
            for (Trans ta : Trans.values()) {
                for (Trans tb : Trans.values()) {
                    int lda = (ta == Trans.N ? m : k) + 2, ldb = (tb == Trans.N ? k : n) + 1, ldc = m + 3;
                    MemorySegment a = p.random(arena, 1 + (long) lda * Math.max(m, k), 11);
                    MemorySegment b = p.random(arena, 2 + (long) ldb * Math.max(n, k), 12);
                    MemorySegment c = p.random(arena, 3 + (long) ldc * n, 13);
                    double[] want = p.toArray(c);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int q = 0; q < k; q++) {
                                s += opGet(p, a, 1, lda, ta, i, q) * opGet(p, b, 2, ldb, tb, q, j);
                            }
                            int at = (int) (3 + i + (long) j * ldc);
                            want[at] = 0.5 * s + 2 * want[at];
                        }
                    }
                    if (p == Data.F64) {
                        Blas.dgemm(ta, tb, m, n, k, 0.5, a, 1, lda, b, 2, ldb, 2, c, 3, ldc);
                    } else {
                        Blas.sgemm(ta, tb, m, n, k, 0.5f, a, 1, lda, b, 2, ldb, 2f, c, 3, ldc);
                    }
                    closeAll(p, want, p.toArray(c));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void syrkTouchesOnlyItsTriangle(Data p) {
        int n = 5, k = 3, ldc = 6;
        try (Arena arena = Arena.ofConfined()) {
            for (Uplo uplo : Uplo.values()) {
                for (Trans t : Trans.values()) {
                    int lda = (t == Trans.N ? n : k) + 1;
                    MemorySegment a = p.random(arena, (long) lda * Math.max(n, k), 21);
                    MemorySegment c = p.random(arena, (long) ldc * n, 22);
                    double[] want = p.toArray(c);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            if (uplo == Uplo.UPPER ? i > j : i < j) {
                                continue;
                            }
                            double s = 0;
                            for (int q = 0; q < k; q++) {
                                s += opGet(p, a, 0, lda, t, i, q) * opGet(p, a, 0, lda, t, j, q);
                            }
                            want[i + j * ldc] = 1.5 * s - want[i + j * ldc];
                        }
                    }
                    if (p == Data.F64) {
                        Blas.dsyrk(uplo, t, n, k, 1.5, a, 0, lda, -1, c, 0, ldc);
                    } else {
                        Blas.ssyrk(uplo, t, n, k, 1.5f, a, 0, lda, -1f, c, 0, ldc);
                    }
                    closeAll(p, want, p.toArray(c));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void trsmSolvesEverySideUploTransDiag(Data p) {
        int m = 4, n = 3;
        try (Arena arena = Arena.ofConfined()) {
            for (Side side : Side.values()) {
                for (Uplo uplo : Uplo.values()) {
                    for (Trans t : Trans.values()) {
                        for (Diag diag : Diag.values()) {
                            int na = side == Side.LEFT ? m : n, lda = na + 1, ldb = m + 2;
                            MemorySegment a = p.random(arena, (long) lda * na, 31);
                            for (int i = 0; i < na; i++) {
                                p.set(a, i + (long) i * lda, 3 + i); // well conditioned
                            }
                            MemorySegment b = p.random(arena, (long) ldb * n, 32);
                            double[] b0 = p.toArray(b);
                            if (p == Data.F64) {
                                Blas.dtrsm(side, uplo, t, diag, m, n, 2, a, 0, lda, b, 0, ldb);
                            } else {
                                Blas.strsm(side, uplo, t, diag, m, n, 2f, a, 0, lda, b, 0, ldb);
                            }
                            // check op(A) X = 2 B0 (LEFT) or X op(A) = 2 B0 (RIGHT) with the triangle, scalar
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double s = 0;
                                    for (int q = 0; q < na; q++) {
                                        double tri = side == Side.LEFT ? tri(p, a, lda, uplo, t, diag, i, q)
                                                : tri(p, a, lda, uplo, t, diag, q, j);
                                        s += side == Side.LEFT ? tri * p.get(b, q + (long) j * ldb)
                                                : p.get(b, i + (long) q * ldb) * tri;
                                    }
                                    close(p, 2 * b0[i + j * ldb], s, 10);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** op(A)(i, j) of the triangular A (only its triangle read, unit diagonal if asked). */
    static double tri(Data p, MemorySegment a, int lda, Uplo uplo, Trans t, Diag diag, int i, int j) {
        int r = t == Trans.N ? i : j, c = t == Trans.N ? j : i;
        if (r == c) {
            return diag == Diag.UNIT ? 1 : p.get(a, r + (long) c * lda);
        }
        boolean inside = uplo == Uplo.UPPER ? r < c : r > c;
        return inside ? p.get(a, r + (long) c * lda) : 0;
    }

    @Test
    void heapArraysWorkOnShortCallsAndAreRefusedOnLongOnes() {
        double[] x = {1, 2, 3, 4};
        double[] y = {5, 6, 7, 8};
        assertEquals(70.0, Blas.ddot(4, MemorySegment.ofArray(x), 0, 1, MemorySegment.ofArray(y), 0, 1));
        float[] xf = {1, 2, 3};
        Blas.saxpy(3, 2f, MemorySegment.ofArray(xf), 0, 1, MemorySegment.ofArray(xf), 0, 1);
        assertArrayEquals(new float[]{3, 6, 9}, xf);
        int big = (int) Checks.CRITICAL_WORK + 1;
        MemorySegment heap = MemorySegment.ofArray(new double[big]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.ddot(big, heap, 0, 1, heap, 0, 1));
        assertEquals(true, e.getMessage().contains("heap segment"), e.getMessage());
        // the same length off-heap is fine (a normal downcall)
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(8L * big, 64);
            off.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, big - 1, 3);
            assertEquals(9.0, Blas.ddot(big, off, 0, 1, off, 0, 1));
        }
    }

    /**
     * dsdot returns a double and keeps more of the small terms than sdot, but OpenBLAS 0.3.21 and
     * 0.3.30 (x86-64 kernels) both lost the first 31 of 1023 terms here: part of the sum is still
     * accumulated in float32. So the backends do not rely on it for float64 accumulation.
     */
    @Test
    void dsdotIsMoreAccurateThanSdot() {
        int n = 1 << 10;
        float[] x = new float[n];
        float[] y = new float[n];
        double want = 0;
        for (int i = 0; i < n; i++) { // 1 + 1023 · 2^-32: each product exact in float, their float sum drops them
            x[i] = i == 0 ? 1f : 0x1p-20f;
            y[i] = i == 0 ? 1f : 0x1p-12f;
            want += (double) x[i] * y[i];
        }
        double d = Blas.dsdot(n, MemorySegment.ofArray(x), 0, 1, MemorySegment.ofArray(y), 0, 1);
        float f = Blas.sdot(n, MemorySegment.ofArray(x), 0, 1, MemorySegment.ofArray(y), 0, 1);
        assertEquals(true, Math.abs(d - want) < Math.abs(f - want), "dsdot " + d + ", sdot " + f + ", exact " + want);
        assertEquals(want, d, 64 * 0x1p-32);
    }

    @Test
    void emptyOperationsDoNothing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8);
            assertEquals(0.0, Blas.ddot(0, s, 0, 1, s, 0, 1));
            assertEquals(-1, Blas.idamax(0, s, 0, 1));
            Blas.dgemm(Trans.N, Trans.N, 0, 0, 0, 1, s, 0, 1, s, 0, 1, 0, s, 0, 1);
        }
    }

    @Test
    void threadCountAndConfig() {
        int before = OpenBlas.numThreads();
        try {
            OpenBlas.setNumThreads(1);
            assertEquals(1, OpenBlas.numThreads());
        } finally {
            OpenBlas.setNumThreads(before);
        }
        assertEquals(true, OpenBlas.config().contains("OpenBLAS"), OpenBlas.config());
        assertThrows(IllegalArgumentException.class, () -> OpenBlas.setNumThreads(0));
    }
}
