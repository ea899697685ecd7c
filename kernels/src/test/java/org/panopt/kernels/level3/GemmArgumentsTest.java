package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.panopt.kernels.level3.Operands.Mat;

/**
 * Every bad argument of GEMM, SYRK and the parallel path throws before memory is touched: C (and its
 * padding) is unchanged afterwards.
 */
class GemmArgumentsTest {
    private static final int M = 9, N = 7, K = 5;

    private final SplittableRandom rnd = new SplittableRandom(11);
    private final Mat a = Operands.random(rnd, false, M, K, M, 0, null);
    private final Mat b = Operands.random(rnd, false, K, N, K, 0, null);
    private final Mat c = Operands.random(rnd, false, M, N, M, 0, null);
    private final MemorySegment sa = a.seg(), sb = b.seg(), sc = c.seg();

    private void unchanged(Class<? extends Throwable> type, Executable call) {
        double[] before = c.snapshot();
        assertThrows(type, call);
        assertArrayEquals(before, c.snapshot(), "C changed although the call threw");
    }

    @Test
    void badSizesAndLeadingDimensions() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        unchanged(iae, () -> Gemm.dgemm(false, false, -1, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, -1, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, -1, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M - 1, sb, 0, K, 0, sc, 0, M));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K - 1, 0, sc, 0, M));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M - 1));
        // Transposed A is stored k × m: lda ≥ k; with lda = k + 1 its 45 elements cannot hold it.
        unchanged(iae, () -> Gemm.dgemm(true, false, M, N, K, 1, sa, 0, K - 1, sb, 0, K, 0, sc, 0, M));
        unchanged(IndexOutOfBoundsException.class,
                () -> Gemm.dgemm(true, false, M, N, K, 1, sa, 0, K + 1, sb, 0, K, 0, sc, 0, M));
        // ld = 0 with zero rows is still invalid (BLAS: ld ≥ max(1, rows)).
        unchanged(iae, () -> Gemm.dgemm(false, false, 0, N, K, 1, sa, 0, 0, sb, 0, K, 0, sc, 0, 1));
    }

    @Test
    void matricesOutsideTheirSegments() {
        Class<IndexOutOfBoundsException> oob = IndexOutOfBoundsException.class;
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 1, M, sb, 0, K, 0, sc, 0, M));
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, -1, M, sb, 0, K, 0, sc, 0, M));
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 1, K, 0, sc, 0, M));
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 1, M));
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K + 1, 1, sa, 0, M, sb, 0, K + 1, 0, sc, 0, M));
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N + 1, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M));
        // The same bytes read as floats hold twice the elements, as doubles half: a float-sized
        // segment is too short for sgemm's twin call on doubles.
        MemorySegment half = sc.asSlice(0, sc.byteSize() / 2);
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, half, 0, M));
        // A sliced view: offsets count from the slice, and its end is the slice's end.
        MemorySegment tail = sc.asSlice(8L * M);
        unchanged(oob, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, tail, 0, M));
        // Float segment with a double-sized call is fine size-wise only if large enough: use sgemm on
        // a segment of M·N floats minus one.
        MemorySegment fc = MemorySegment.ofArray(new float[M * N - 1]);
        MemorySegment fa = MemorySegment.ofArray(new float[M * K]), fb = MemorySegment.ofArray(new float[K * N]);
        assertThrows(oob, () -> Gemm.sgemm(false, false, M, N, K, 1f, fa, 0, M, fb, 0, K, 0f, fc, 0, M));
    }

    @Test
    void nullsReadOnlyAndClosedSegments() {
        unchanged(NullPointerException.class,
                () -> Gemm.dgemm(false, false, M, N, K, 1, null, 0, M, sb, 0, K, 0, sc, 0, M));
        unchanged(NullPointerException.class,
                () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, null, 0, K, 0, sc, 0, M));
        assertThrows(NullPointerException.class,
                () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, null, 0, M));
        unchanged(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc.asReadOnly(), 0, M));
        Arena arena = Arena.ofConfined();
        MemorySegment closed = arena.allocate(8L * M * K);
        arena.close();
        unchanged(IllegalStateException.class,
                () -> Gemm.dgemm(false, false, M, N, K, 1, closed, 0, M, sb, 0, K, 0, sc, 0, M));
    }

    @Test
    void workspaceOfWrongPrecisionOrSize() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M,
                GemmWorkspace.forFloats()));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M,
                GemmWorkspace.forDoubles(M - 1, N, K)));
        unchanged(iae, () -> Gemm.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M,
                GemmWorkspace.forDoubles(M, N, K - 1)));
        assertThrows(iae, () -> GemmWorkspace.forDoubles(new BlockSizes(5, 8, 16, 10, 16)));
        assertThrows(iae, () -> new BlockSizes(24, 8, 16, 25, 16));
        assertThrows(iae, () -> new BlockSizes(24, 8, 0, 24, 16));
    }

    @Test
    void syrkAndParallelValidateToo() {
        Mat sq = Operands.random(rnd, false, M, M, M, 0, null);
        double[] before = sq.snapshot();
        assertThrows(IllegalArgumentException.class,
                () -> Syrk.dsyrk(false, false, M, K, 1, sa, 0, M - 1, 0, sq.seg(), 0, M));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Syrk.dsyrk(false, true, M, K, 1, sa, 0, K + 1, 0, sq.seg(), 0, M));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Syrk.dsyrk(true, false, M + 1, K, 1, sa, 0, M + 1, 0, sq.seg(), 0, M + 1));
        assertThrows(IllegalArgumentException.class,
                () -> Syrk.dsyrk(true, false, M, K, 1, sa, 0, M, 0, sq.seg(), 0, M, GemmWorkspace.forFloats()));
        assertThrows(IndexOutOfBoundsException.class, () -> Syrk.dmirror(true, M + 1, sq.seg(), 0, M + 1));
        assertArrayEquals(before, sq.snapshot());
        try (var pool = Executors.newFixedThreadPool(1)) {
            ParallelGemm par = new ParallelGemm(pool, 2);
            unchanged(IndexOutOfBoundsException.class,
                    () -> par.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 1, K, 0, sc, 0, M));
            unchanged(IllegalArgumentException.class,
                    () -> par.dgemm(false, false, M, N, K, 1, sa, 0, M, sb, 0, K, 0, sc, 0, M - 1));
        }
    }
}
