package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.panopt.ffi.Trans;

/**
 * Warmed-up BLAS calls allocate nothing on the Java heap. Short (critical) calls on native memory pass
 * raw addresses, so they are allocation-free at any offset even after heap segments have been sliced
 * in the same JVM (which defeats escape analysis of JDK slices); long calls pass segments (the linker
 * then keeps their arenas alive) and are allocation-free at offset 0. Read from the thread's
 * allocation counter around many calls, with heap and native segments mixed as a caller would.
 */
class BlasAllocationTest {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void warmedUpCallsAllocateNothing() {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        try (Arena arena = Arena.ofConfined()) {
            int big = 40_000;
            MemorySegment x = arena.allocate(8L * big, 64);
            MemorySegment y = arena.allocate(8L * big, 64);
            MemorySegment a = arena.allocate(8L * 64 * 64, 64);
            MemorySegment c = arena.allocate(8L * 64 * 64, 64);
            double[] heap = new double[16];
            MemorySegment h = MemorySegment.ofArray(heap);
            double sink = 0;
            long bytes = Long.MAX_VALUE;
            StringBuilder rounds = new StringBuilder();
            for (int round = 0; round < 10; round++) {
                long before = MX.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    sink += Blas.ddot(8, x, i & 7, 1, y, 3, 1);               // critical
                    sink += Blas.ddot(16, h, 0, 1, h, 0, 1);                  // critical, heap
                    Blas.daxpy(8, 0.5, x, 1, 1, y, 2, 1);
                    Blas.dgemv(Trans.N, 8, 8, 1, a, i & 3, 64, x, 1, 1, 0, y, 2, 1);
                    Blas.dgemm(Trans.N, Trans.T, 8, 8, 8, 1, a, 3, 64, a, i & 7, 64, 0, c, 5, 64);
                    if ((i & 255) == 0) {
                        sink += Blas.ddot(big, x, 0, 1, y, 0, 1);            // not critical
                        Blas.dgemm(Trans.N, Trans.T, 64, 64, 64, 1, a, 0, 64, a, 0, 64, 0, c, 0, 64);
                    }
                }
                long b = MX.getCurrentThreadAllocatedBytes() - before;
                rounds.append(b).append(' ');
                if (round >= 3) { // steady state: the calls compiled; a late JIT event may still allocate once
                    bytes = Math.min(bytes, b);
                }
            }
            assertEquals(0, bytes, "bytes allocated per round of 20000 BLAS calls: " + rounds + "(sink " + sink + ")");
        }
    }
}
