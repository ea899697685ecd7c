package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link Lapack.Scratch} variants of geqrf, orgqr and gesdd: bit-identical to the allocating calls
 * (same routine, same workspace size), allocation-free once warmed up, and refusing a scratch of the
 * wrong precision or too small a workspace before LAPACK writes anything.
 */
class LapackScratchTest {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void library() {
        assumeTrue(OpenBlas.isAvailable(), () -> "OpenBLAS unavailable: " + OpenBlas.status().describe());
    }

    @ParameterizedTest
    @EnumSource(Data.class)
    void scratchCallsMatchTheAllocatingCalls(Data p) {
        boolean d = p == Data.F64;
        int m = 40, n = 12;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a1 = p.random(arena, (long) m * n, 5);
            MemorySegment a2 = p.random(arena, (long) m * n, 5);
            MemorySegment t1 = p.random(arena, n, 0);
            MemorySegment t2 = p.random(arena, n, 0);
            int lw = Math.max(Lapack.geqrfWorkSize(d, m, n), Lapack.orgqrWorkSize(d, m, n, n));
            Lapack.Scratch s = new Lapack.Scratch(arena, d, lw, 0);
            if (d) {
                Lapack.dgeqrf(m, n, a1, 0, m, t1, 0);
                Lapack.dgeqrf(m, n, a2, 0, m, t2, 0, s);
                Lapack.dorgqr(m, n, n, a1, 0, m, t1, 0);
                Lapack.dorgqr(m, n, n, a2, 0, m, t2, 0, s);
            } else {
                Lapack.sgeqrf(m, n, a1, 0, m, t1, 0);
                Lapack.sgeqrf(m, n, a2, 0, m, t2, 0, s);
                Lapack.sorgqr(m, n, n, a1, 0, m, t1, 0);
                Lapack.sorgqr(m, n, n, a2, 0, m, t2, 0, s);
            }
            assertArrayEquals(p.toArray(t1), p.toArray(t2));
            assertArrayEquals(p.toArray(a1), p.toArray(a2));

            MemorySegment b1 = p.random(arena, (long) m * n, 9);
            MemorySegment b2 = p.random(arena, (long) m * n, 9);
            MemorySegment s1 = p.random(arena, n, 0);
            MemorySegment s2 = p.random(arena, n, 0);
            MemorySegment u1 = p.random(arena, (long) m * n, 0);
            MemorySegment u2 = p.random(arena, (long) m * n, 0);
            MemorySegment v1 = p.random(arena, (long) n * n, 0);
            MemorySegment v2 = p.random(arena, (long) n * n, 0);
            Lapack.Scratch sv = new Lapack.Scratch(arena, d, Lapack.gesddWorkSize(d, SvdJob.SOME, m, n), 8 * n);
            if (d) {
                Lapack.dgesdd(SvdJob.SOME, m, n, b1, 0, m, s1, 0, u1, 0, m, v1, 0, n);
                Lapack.dgesdd(SvdJob.SOME, m, n, b2, 0, m, s2, 0, u2, 0, m, v2, 0, n, sv);
            } else {
                Lapack.sgesdd(SvdJob.SOME, m, n, b1, 0, m, s1, 0, u1, 0, m, v1, 0, n);
                Lapack.sgesdd(SvdJob.SOME, m, n, b2, 0, m, s2, 0, u2, 0, m, v2, 0, n, sv);
            }
            assertArrayEquals(p.toArray(s1), p.toArray(s2));
            assertArrayEquals(p.toArray(u1), p.toArray(u2));
            assertArrayEquals(p.toArray(v1), p.toArray(v2));
            assertTrue(p.get(s2, 0) >= p.get(s2, n - 1) && p.get(s2, n - 1) > 0);
        }
    }

    @Test
    void warmedUpScratchCallsAllocateNothing() {
        int m = 64, n = 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Data.F64.random(arena, (long) m * n, 1);
            MemorySegment a0 = Data.F64.random(arena, (long) m * n, 1);
            MemorySegment tau = arena.allocate(8L * n, 64);
            MemorySegment sv = arena.allocate(8L * n, 64);
            MemorySegment u = arena.allocate(8L * m * n, 64);
            MemorySegment vt = arena.allocate(8L * n * n, 64);
            int lw = Math.max(Math.max(Lapack.geqrfWorkSize(true, m, n), Lapack.orgqrWorkSize(true, m, n, n)),
                    Lapack.gesddWorkSize(true, SvdJob.SOME, m, n));
            Lapack.Scratch s = new Lapack.Scratch(arena, true, lw, 8 * n);
            long best = Long.MAX_VALUE;
            StringBuilder rounds = new StringBuilder();
            for (int round = 0; round < 8; round++) {
                long before = MX.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 300; i++) {
                    MemorySegment.copy(a0, 0, a, 0, a0.byteSize());
                    Lapack.dgeqrf(m, n, a, 0, m, tau, 0, s);
                    Lapack.dorgqr(m, n, n, a, 0, m, tau, 0, s);
                    Lapack.dgesdd(SvdJob.SOME, m, n, a, 0, m, sv, 0, u, 0, m, vt, 0, n, s);
                }
                long b = MX.getCurrentThreadAllocatedBytes() - before;
                rounds.append(b).append(' ');
                if (round >= 3) {
                    best = Math.min(best, b);
                }
            }
            assertEquals(0, best, "bytes per round of 300 QR + SVD calls: " + rounds);
        }
    }

    @Test
    void wrongPrecisionOrTooSmallWorkspaceIsRefused() {
        int m = 20, n = 8;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = Data.F64.random(arena, (long) m * n, 3);
            double[] before = Data.F64.toArray(a);
            MemorySegment tau = arena.allocate(8L * n, 64);
            Lapack.Scratch f32 = new Lapack.Scratch(arena, false, 1000, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Lapack.dgeqrf(m, n, a, 0, m, tau, 0, f32));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
            Lapack.Scratch tiny = new Lapack.Scratch(arena, true, 1, 0);
            LapackException le = assertThrows(LapackException.class, () -> Lapack.dgeqrf(m, n, a, 0, m, tau, 0, tiny));
            assertTrue(le.getMessage().contains("LWORK"), le.getMessage());
            assertArrayEquals(before, Data.F64.toArray(a));
            Lapack.Scratch fewInts = new Lapack.Scratch(arena, true, 10_000, 8);
            MemorySegment s = arena.allocate(8L * n);
            assertThrows(IllegalArgumentException.class, () -> Lapack.dgesdd(SvdJob.NONE, m, n, a, 0, m, s, 0, null, 0, 1,
                    null, 0, 1, fewInts));
        }
    }
}
