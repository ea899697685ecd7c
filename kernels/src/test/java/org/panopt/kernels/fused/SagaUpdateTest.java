package org.panopt.kernels.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.panopt.kernels.level1.Level1;

class SagaUpdateTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private static MemorySegment random(Arena a, int n, SplittableRandom r) {
        MemorySegment s = a.allocate(D, Math.max(n, 1) + 3);
        for (long k = 0; k < s.byteSize() / 8; k++) {
            s.setAtIndex(D, k, r.nextDouble(-2, 2));
        }
        return s;
    }

    /** Same bits as the unfused sequence axpby, axpy, axpy (the Level1 kernels), at offsets and odd sizes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 7, 8, 9, 16, 30, 100, 257})
    void matchesTheUnfusedKernelsBitForBit(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = random(a, n, rnd), u = random(a, n, rnd), x = random(a, n, rnd);
            MemorySegment u2 = a.allocate(u.byteSize(), 64).copyFrom(u), x2 = a.allocate(x.byteSize(), 64).copyFrom(x);
            double beta = 0.999, alpha = -0.01, gamma = -0.037, delta = 0.0021;
            SagaUpdate.dupdate(n, beta, alpha, gamma, delta, r, 2, u, 1, x, 3);
            Level1.daxpby(n, alpha, u2, 1, 1, beta, x2, 3, 1);
            Level1.daxpy(n, gamma, r, 2, 1, x2, 3, 1);
            Level1.daxpy(n, delta, r, 2, 1, u2, 1, 1);
            for (long k = 0; k < x.byteSize() / 8; k++) {
                assertEquals(x2.getAtIndex(D, k), x.getAtIndex(D, k), 0.0, "x[" + k + "]");
                assertEquals(u2.getAtIndex(D, k), u.getAtIndex(D, k), 0.0, "u[" + k + "]");
            }
            // Elements around the range are untouched: x[0..2] and u[0] were not written by either path.
            assertEquals(x2.getAtIndex(D, 0), x.getAtIndex(D, 0), 0.0);
        }
    }

    @Test
    void againstTheFormulaOnSmallValues() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocateFrom(D, 1, 2, 3), u = a.allocateFrom(D, 10, 20, 30), x = a.allocateFrom(D, 5, 6, 7);
            SagaUpdate.dupdate(3, 2, -1, 3, 0.5, r, 0, u, 0, x, 0);
            // x = 2x − u + 3r, computed from the old u; u = u + r/2.
            assertEquals(2 * 5 - 10 + 3 * 1, x.getAtIndex(D, 0));
            assertEquals(2 * 7 - 30 + 3 * 3, x.getAtIndex(D, 2));
            assertEquals(20 + 1, u.getAtIndex(D, 1));
        }
    }

    @Test
    void badArgumentsThrowBeforeWriting() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(D, 8), u = a.allocate(D, 8), x = a.allocate(D, 8);
            x.setAtIndex(D, 0, 42);
            assertThrows(IndexOutOfBoundsException.class, () -> SagaUpdate.dupdate(8, 1, 1, 1, 1, r, 1, u, 0, x, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> SagaUpdate.dupdate(9, 1, 1, 1, 1, r, 0, u, 0, x, 0));
            assertThrows(IllegalArgumentException.class, () -> SagaUpdate.dupdate(-1, 1, 1, 1, 1, r, 0, u, 0, x, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> SagaUpdate.dupdate(8, 1, 1, 1, 1, r, 0, u, 0, x.asReadOnly(), 0));
            assertEquals(42, x.getAtIndex(D, 0));
        }
    }
}
