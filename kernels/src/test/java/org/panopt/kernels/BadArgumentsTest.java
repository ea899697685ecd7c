package org.panopt.kernels;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out-of-bounds and malformed arguments for every level-1 and level-2 operation: a negative size, a
 * zero increment, a vector or matrix that does not fit its segment (too long, a negative offset, an
 * increment that walks past the end), a leading dimension below the rows, a read-only output. Each
 * must throw {@link IllegalArgumentException} or {@link IndexOutOfBoundsException}, and every operand
 * must be bit-for-bit unchanged afterwards (validation happens before any memory is touched).
 */
class BadArgumentsTest {

    /** The operands of one call, and the call. */
    record Call(String what, Operand[] operands, Consumer<BlasImplementation> call) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> calls() {
        List<Arguments> out = new ArrayList<>();
        for (BlasImplementation impl : Level1SuiteTest.implementations()) {
            for (boolean f32 : new boolean[] {false, true}) {
                for (Call c : level1(f32)) {
                    out.add(Arguments.of(impl, c));
                }
                for (Call c : level2(f32)) {
                    out.add(Arguments.of(impl, c));
                }
            }
        }
        return out.stream();
    }

    /** Variants (n, xOff, incx, yOff, incy, read-only y) of a two-vector call over length-10 vectors. */
    private static final int[][] VECTOR_VARIANTS = {
        {-1, 0, 1, 0, 1, 0}, {10, 0, 0, 0, 1, 0}, {10, 0, 1, 0, 0, 0}, {14, 0, 1, 0, 1, 0}, {10, -1, 1, 0, 1, 0},
        {10, 0, 1, -1, 1, 0}, {10, 0, 3, 0, 1, 0}, {10, 0, 1, 0, -3, 0}, {10, 0, 1, 0, 1, 1}, {10, 5, 1, 0, 1, 0},
    };

    private static List<Call> level1(boolean f32) {
        List<Call> calls = new ArrayList<>();
        String p = f32 ? "f32 " : "f64 ";
        for (int[] v : VECTOR_VARIANTS) {
            int n = v[0], incx = v[2], incy = v[4];
            boolean ro = v[5] == 1;
            String args = " n=" + n + " xOff=" + v[1] + " incx=" + incx + " yOff=" + v[3] + " incy=" + incy + (ro ? " y read-only" : "");
            SplittableRandom r = new SplittableRandom(n * 31 + incx);
            Operand x = Operand.vector(r, f32, 10, 1, 0), y = Operand.vector(r, f32, 10, 1, 1), z = Operand.vector(r, f32, 10, 1, 2);
            MemorySegment ys = ro ? y.seg.asReadOnly() : y.seg;
            long xo = v[1] < 0 ? -1 : x.off + v[1], yo = v[3] < 0 ? -1 : y.off + v[3];
            Operand[] ops = {x, y, z};
            // The one-vector kernels only see x's arguments: list them only where those are bad.
            boolean xBad = n < 0 || incx == 0 || n > 10 || v[1] < 0 || v[1] > 0 || Math.abs(incx) > 1;
            if (xBad) {
                calls.add(new Call(p + "dot" + args, ops, b -> b.dot(f32, n, x.seg, xo, incx, ys, yo, incy)));
                calls.add(new Call(p + "nrm2" + args, ops, b -> b.nrm2(f32, n, x.seg, xo, incx)));
                calls.add(new Call(p + "asum" + args, ops, b -> b.asum(f32, n, x.seg, xo, incx)));
                calls.add(new Call(p + "sum" + args, ops, b -> b.sum(f32, n, x.seg, xo, incx)));
                calls.add(new Call(p + "max" + args, ops, b -> b.max(f32, n, x.seg, xo, incx)));
                calls.add(new Call(p + "iamax" + args, ops, b -> b.iamax(f32, n, x.seg, xo, incx)));
                calls.add(new Call(p + "scal" + args, ops, b -> b.scal(f32, n, 2, x.seg, xo, incx)));
            }
            if (n == 10 && incx != 0 && incy != 0 && v[1] == 0 && v[3] == 0 && incx == 1 && incy == 1 && !ro) {
                continue; // a valid call: nothing to check for the two-vector kernels
            }
            calls.add(new Call(p + "axpy" + args, ops, b -> b.axpy(f32, n, 2, x.seg, xo, incx, ys, yo, incy)));
            calls.add(new Call(p + "axpby" + args, ops, b -> b.axpby(f32, n, 2, x.seg, xo, incx, 0, ys, yo, incy)));
            calls.add(new Call(p + "copy" + args, ops, b -> b.copy(f32, n, x.seg, xo, incx, ys, yo, incy)));
            calls.add(new Call(p + "swap" + args, ops, b -> b.swap(f32, n, x.seg, xo, incx, ys, yo, incy)));
            calls.add(new Call(p + "mul" + args, ops, b -> b.mul(f32, n, x.seg, xo, incx, z.seg, z.off, 1, ys, yo, incy)));
            calls.add(new Call(p + "fma" + args, ops, b -> b.fma(f32, n, 2, x.seg, xo, incx, z.seg, z.off, 1, ys, yo, incy)));
        }
        return calls;
    }

    /** Variants (m, n, lda, x length, incx, incy, read-only output) of calls on a 5 × 4 matrix with lda 5. */
    private static final int[][] MATRIX_VARIANTS = {
        {-1, 4, 5, 5, 1, 1, 0}, {5, 4, 4, 5, 1, 1, 0}, {5, 5, 5, 5, 1, 1, 0}, {5, 4, 5, 3, 1, 1, 0},
        {5, 4, 5, 5, 0, 1, 0}, {5, 4, 5, 5, 1, 0, 0}, {5, 4, 5, 5, 1, 1, 1}, {5, 4, 5, 5, 2, 1, 0}, {5, 4, 0, 5, 1, 1, 0},
    };

    private static List<Call> level2(boolean f32) {
        List<Call> calls = new ArrayList<>();
        String p = f32 ? "f32 " : "f64 ";
        for (int[] v : MATRIX_VARIANTS) {
            int m = v[0], n = v[1], lda = v[2], incx = v[4], incy = v[5];
            boolean ro = v[6] == 1;
            String args = " m=" + m + " n=" + n + " lda=" + lda + " x of " + v[3] + " incx=" + incx + " incy=" + incy
                    + (ro ? " output read-only" : "");
            SplittableRandom r = new SplittableRandom(m * 7 + n * 3 + lda);
            Operand a = Operand.matrix(r, f32, 5, 4, 5, 0);
            Operand x = Operand.vector(r, f32, v[3], 1, 1), y = Operand.vector(r, f32, 5, 1, 2);
            MemorySegment ys = ro ? y.seg.asReadOnly() : y.seg, as = ro ? a.seg.asReadOnly() : a.seg;
            Operand[] ops = {a, x, y};
            // gemv with op(A) = A: x has n elements, y has m; transposed, y is the input and x the output.
            calls.add(new Call(p + "gemv" + args, ops,
                    b -> b.gemv(f32, false, m, n, 2, a.seg, a.off, lda, x.seg, x.off, incx, 1, ys, y.off, incy)));
            calls.add(new Call(p + "gemvT" + args, ops,
                    b -> b.gemv(f32, true, m, n, 2, a.seg, a.off, lda, y.seg, y.off, incy, 1, ro ? x.seg.asReadOnly() : x.seg,
                            x.off, incx)));
            calls.add(new Call(p + "ger" + args, ops,
                    b -> b.ger(f32, m, n, 2, y.seg, y.off, incy, x.seg, x.off, incx, as, a.off, lda)));
            calls.add(new Call(p + "symv" + args, ops,
                    b -> b.symv(f32, true, m, 2, a.seg, a.off, lda, x.seg, x.off, incx, 1, ys, y.off, incy)));
        }
        return calls;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("calls")
    void throwsAndLeavesEveryOperandUnchanged(BlasImplementation impl, Call c) {
        try {
            c.call().accept(impl);
        } catch (IllegalArgumentException | IndexOutOfBoundsException expected) {
            for (Operand o : c.operands()) {
                o.assertUnchanged(c.what());
            }
            return;
        } catch (UnsupportedOperationException skipped) {
            return; // the implementation lacks this operation
        }
        throw new AssertionError(impl.name() + " " + c.what() + ": no exception");
    }
}
