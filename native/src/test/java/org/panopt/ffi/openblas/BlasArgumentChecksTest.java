package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.panopt.ffi.Diag;
import org.panopt.ffi.Side;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;

/**
 * Bad arguments are exceptions thrown before the downcall: out-of-bounds by one element, too small
 * leading dimensions, negative sizes, zero increments, closed arenas, read-only and misaligned
 * segments. Each case uses sizes that native code would read or write past the end of the segment,
 * and each checks that the caller's output was left untouched.
 */
class BlasArgumentChecksTest {
    @BeforeAll
    static void library() {
        assumeTrue(OpenBlas.isAvailable(), () -> "OpenBLAS unavailable: " + OpenBlas.status().describe());
    }

    static <T extends Throwable> void refused(Class<T> type, MemorySegment output, Executable call, String... words) {
        double[] before = output.toArray(ValueLayout.JAVA_DOUBLE);
        T e = assertThrows(type, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
        }
        assertArrayEquals(before, output.toArray(ValueLayout.JAVA_DOUBLE), "output changed by a refused call");
    }

    @Test
    void level1Bounds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(8 * 10, 64);
            MemorySegment y = arena.allocate(8 * 10, 64);
            refused(IndexOutOfBoundsException.class, y, () -> Blas.daxpy(11, 1, x, 0, 1, y, 0, 1), "x", "0..10");
            refused(IndexOutOfBoundsException.class, y, () -> Blas.daxpy(10, 1, x, 0, 1, y, 1, 1), "y", "1..10");
            refused(IndexOutOfBoundsException.class, y, () -> Blas.daxpy(5, 1, x, 0, 1, y, 0, -3), "y", "0..12");
            refused(IndexOutOfBoundsException.class, y, () -> Blas.dcopy(4, x, -1, 1, y, 0, 1), "x");
            refused(IndexOutOfBoundsException.class, y, () -> Blas.dcopy(2, x, Long.MAX_VALUE - 1, 9, y, 0, 1), "x");
            refused(IllegalArgumentException.class, y, () -> Blas.daxpy(3, 1, x, 0, 0, y, 0, 1), "non-zero");
            refused(IllegalArgumentException.class, y, () -> Blas.daxpy(-1, 1, x, 0, 1, y, 0, 1), ">= 0");
            refused(IllegalArgumentException.class, x, () -> Blas.dscal(3, 2, x, 0, -1), "> 0");
            assertThrows(IllegalArgumentException.class, () -> Blas.dnrm2(3, x, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Blas.sdot(21, x, 0, 1, y, 0, 1)); // 20 floats fit
            assertThrows(NullPointerException.class, () -> Blas.ddot(1, null, 0, 1, y, 0, 1));
        }
    }

    @Test
    void matrixBoundsAndLeadingDimensions() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8 * 12, 64); // a 3x4 with lda 3
            MemorySegment b = arena.allocate(8 * 20, 64);
            MemorySegment c = arena.allocate(8 * 15, 64); // 3x5
            MemorySegment v = arena.allocate(8 * 5, 64);
            refused(IllegalArgumentException.class, c,
                    () -> Blas.dgemm(Trans.N, Trans.N, 3, 5, 4, 1, a, 0, 2, b, 0, 4, 0, c, 0, 3), "leading dimension of A");
            refused(IndexOutOfBoundsException.class, c,
                    () -> Blas.dgemm(Trans.N, Trans.N, 3, 5, 4, 1, a, 1, 3, b, 0, 4, 0, c, 0, 3), "A");
            refused(IndexOutOfBoundsException.class, c,
                    () -> Blas.dgemm(Trans.T, Trans.N, 3, 5, 4, 1, a, 0, 5, b, 0, 4, 0, c, 0, 3), "A");
            refused(IndexOutOfBoundsException.class, c,
                    () -> Blas.dgemm(Trans.N, Trans.T, 3, 5, 4, 1, a, 0, 3, b, 0, 6, 0, c, 0, 3), "B");
            refused(IndexOutOfBoundsException.class, c,
                    () -> Blas.dgemm(Trans.N, Trans.N, 3, 5, 4, 1, a, 0, 3, b, 0, 4, 0, c, 0, 4), "C");
            refused(IllegalArgumentException.class, c,
                    () -> Blas.dgemm(Trans.N, Trans.N, 3, 5, -1, 1, a, 0, 3, b, 0, 4, 0, c, 0, 3), "k");
            refused(IndexOutOfBoundsException.class, v,
                    () -> Blas.dgemv(Trans.N, 3, 4, 1, a, 0, 3, v, 2, 1, 0, v, 0, 1), "x");
            refused(IndexOutOfBoundsException.class, v,
                    () -> Blas.dgemv(Trans.T, 3, 4, 1, a, 0, 3, v, 0, 1, 0, v, 2, 1), "y");
            refused(IndexOutOfBoundsException.class, a, () -> Blas.dger(3, 5, 1, v, 0, 1, v, 0, 1, a, 0, 3), "A");
            refused(IllegalArgumentException.class, v,
                    () -> Blas.dsymv(Uplo.UPPER, 4, 1, a, 0, 3, v, 0, 1, 0, v, 0, 1), "leading dimension");
            refused(IllegalArgumentException.class, c,
                    () -> Blas.dsyrk(Uplo.LOWER, Trans.N, 3, 4, 1, a, 0, 2, 0, c, 0, 3), "leading dimension of A");
            refused(IndexOutOfBoundsException.class, b,
                    () -> Blas.dtrsm(Side.RIGHT, Uplo.UPPER, Trans.N, Diag.UNIT, 3, 4, 1, a, 0, 4, b, 0, 3), "A");
        }
    }

    @Test
    void closedArenaReadOnlyMisalignedAndWrongHeap() {
        Arena arena = Arena.ofConfined();
        MemorySegment x = arena.allocate(8 * 4, 64);
        arena.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> Blas.ddot(4, x, 0, 1, x, 0, 1));
        assertTrue(closed.getMessage().contains("Arena is closed"), closed.getMessage());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment y = a.allocate(8 * 4, 64);
            MemorySegment ro = y.asReadOnly();
            refused(IllegalArgumentException.class, y, () -> Blas.dscal(4, 2, ro, 0, 1), "read-only");
            refused(IllegalArgumentException.class, y, () -> Blas.dcopy(4, y, 0, 1, ro, 0, 1), "read-only");
            MemorySegment odd = a.allocate(8 * 5, 64).asSlice(4);
            refused(IllegalArgumentException.class, y, () -> Blas.dcopy(4, odd, 0, 1, y, 0, 1), "aligned");
            MemorySegment bytes = MemorySegment.ofArray(new byte[64]);
            refused(IllegalArgumentException.class, y, () -> Blas.dcopy(4, bytes, 0, 1, y, 0, 1), "aligned");
        }
    }
}
