package org.panopt.kernels.level3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.panopt.kernels.Checks;

/**
 * General matrix multiply, {@code C ← α·op(A)·op(B) + β·C}, in pure Java (Vector API) over
 * {@link MemorySegment}s, column-major, with the reference BLAS's arguments: {@code op(A)} is
 * {@code m × k}, {@code op(B)} is {@code k × n}, C is {@code m × n}; offsets are element indices;
 * leading dimensions may exceed the row counts. Heap arrays enter through
 * {@link MemorySegment#ofArray(double[])}.
 *
 * <p>Semantics follow BLAS exactly where it matters: β = 0 means C is not read (NaN or Inf already in
 * C does not propagate); α = 0 or k = 0 only scales C by β (A and B are not read); β = 1 with α = 0
 * returns at once. NaN or Inf in A, B, α or β propagate as in IEEE arithmetic otherwise.
 *
 * <p>Every argument is validated before any memory is read or written: sizes, leading dimensions
 * ({@code ≥ max(1, rows)} of the stored matrix), that each matrix fits its segment, that C is
 * writable and that a given workspace fits; a bad argument throws and leaves C untouched.
 *
 * <p>Structure (BLIS, see {@link BlockSizes}): op(B) is packed into {@code kc × nc} panels and op(A)
 * into {@code mc × kc} blocks held in a {@link GemmWorkspace}; a register-blocked micro-kernel
 * (4×6 or 2×6 vectors of the preferred species, chosen by its width) computes each tile. Shapes with
 * {@code max(m, n, k) ≤ }{@value #UNPACKED_MAX} (and m, k within one block) skip packing B and read
 * it in place: measured faster here up to that size (n = 64: 1.25×; n = 192: about equal).
 * The sum over k is cut into blocks of {@code kc}: results are deterministic for given block sizes,
 * and they match the parallel path ({@link ParallelGemm}) bit for bit.
 *
 * <p>Calls without a workspace use a per-thread cache (allocates only when a thread first meets a
 * larger shape); pass a {@link GemmWorkspace} to control memory. Single-threaded; thread-safe as long
 * as concurrent calls do not share a workspace or write the same C.
 */
public final class Gemm {
    /** Largest {@code max(m, n, k)} served by the path that reads B in place instead of packing it. */
    public static final int UNPACKED_MAX = 192;

    private Gemm() {
    }

    /** {@code double} GEMM with this thread's cached workspace. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, MemorySegment a,
                             long aOff, int lda, MemorySegment b, long bOff, int ldb, double beta, MemorySegment c,
                             long cOff, int ldc) {
        dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * {@code double} GEMM with the pack buffers of {@code ws} (or this thread's cache if {@code null}).
     *
     * @throws IllegalArgumentException for a negative size, a leading dimension below the stored rows,
     *         a read-only C, or a workspace of the wrong precision or too small
     * @throws IndexOutOfBoundsException if a matrix does not fit its segment
     * @throws NullPointerException if a segment is null
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, MemorySegment a,
                             long aOff, int lda, MemorySegment b, long bOff, int ldb, double beta, MemorySegment c,
                             long cOff, int ldc, GemmWorkspace ws) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, Double.BYTES, ws, true);
        if (trivial(Part.FULL, m, n, k, alpha, beta, c, cOff, ldc, Double.BYTES)) {
            return;
        }
        GemmWorkspace w = ws != null ? ws : GemmWorkspace.threadDoubles(m, n, k);
        DoubleGemm.multiply(w, Part.FULL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
    }

    /** {@code float} GEMM with this thread's cached workspace. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
                             long aOff, int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c,
                             long cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /** {@code float} GEMM with the pack buffers of {@code ws} (or this thread's cache if {@code null}); see dgemm. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
                             long aOff, int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c,
                             long cOff, int ldc, GemmWorkspace ws) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, Float.BYTES, ws, false);
        if (trivial(Part.FULL, m, n, k, alpha, beta, c, cOff, ldc, Float.BYTES)) {
            return;
        }
        GemmWorkspace w = ws != null ? ws : GemmWorkspace.threadFloats(m, n, k);
        FloatGemm.multiply(w, Part.FULL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
    }

    /** Whether a shape takes the unpacked-B path (it must also fit one block in m and k). */
    static boolean unpacked(int m, int n, int k, BlockSizes bs) {
        return Math.max(m, Math.max(n, k)) <= UNPACKED_MAX && m <= bs.mc() && k <= bs.kc();
    }

    /** The size of {@code ceil(total / max)} nearly equal blocks covering {@code total}. */
    static int evenBlock(int total, int max) {
        int blocks = (total + max - 1) / max;
        return (total + blocks - 1) / blocks;
    }

    /** All argument checks of a GEMM call, before any memory access. */
    static void check(boolean ta, boolean tb, int m, int n, int k, MemorySegment a, long aOff, int lda,
                      MemorySegment b, long bOff, int ldb, MemorySegment c, long cOff, int ldc, int elemBytes,
                      GemmWorkspace ws, boolean doubles) {
        Objects.requireNonNull(a, "A");
        Objects.requireNonNull(b, "B");
        Objects.requireNonNull(c, "C");
        Checks.size("m", m);
        Checks.size("n", n);
        Checks.size("k", k);
        Checks.matrix("A", a, aOff, ta ? k : m, ta ? m : k, lda, elemBytes);
        Checks.matrix("B", b, bOff, tb ? n : k, tb ? k : n, ldb, elemBytes);
        Checks.matrix("C", c, cOff, m, n, ldc, elemBytes);
        Checks.writable("C", c);
        if (ws != null) {
            ws.require(doubles, m, n, k);
        }
    }

    /**
     * Handles the calls that need no product, as BLAS does: an empty C (nothing to do), and α = 0 or
     * k = 0 (C on {@code part} scaled by β, A and B not read). Returns whether the call is done.
     */
    static boolean trivial(Part part, int m, int n, int k, double alpha, double beta, MemorySegment c, long cOff,
                           int ldc, int elemBytes) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (alpha == 0 || k == 0) {
            scale(part, m, n, beta, c, cOff, ldc, elemBytes);
            return true;
        }
        return false;
    }

    /**
     * {@code C ← β·C} on {@code part} of the {@code m × n} matrix C, for elements of {@code elemBytes}
     * bytes (8: double, 4: float; a float β is exact as a double). β = 0 writes zeros without reading
     * C; β = 1 does nothing.
     */
    static void scale(Part part, int m, int n, double beta, MemorySegment c, long cOff, int ldc, int elemBytes) {
        if (beta == 1) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int lo = part == Part.LOWER ? Math.min(j, m) : 0;
            int hi = part == Part.UPPER ? Math.min(j + 1, m) : m;
            long col = cOff + (long) j * ldc;
            if (elemBytes == Double.BYTES) {
                for (int i = lo; i < hi; i++) {
                    double v = beta == 0 ? 0 : beta * c.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, col + i);
                    c.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, col + i, v);
                }
            } else {
                float fb = (float) beta;
                for (int i = lo; i < hi; i++) {
                    float v = fb == 0 ? 0 : fb * c.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, col + i);
                    c.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, col + i, v);
                }
            }
        }
    }
}
