package org.panopt.kernels.level3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.panopt.kernels.Checks;

/**
 * Symmetric rank-k update with the reference BLAS's arguments: {@code C ← α·A·Aᵀ + β·C} (A is
 * {@code n × k}, {@code trans = false}) or {@code C ← α·Aᵀ·A + β·C} (A is {@code k × n},
 * {@code trans = true}), C {@code n × n}, column-major.
 *
 * <p>As in BLAS only the triangle named by {@code upper} is read and written; the other triangle of C
 * is left exactly as it was. The GEMM engine computes just that triangle on the block level (blocks
 * and register tiles wholly outside it are skipped, tiles across the diagonal write only their
 * triangle), so a SYRK costs about half a GEMM of the same shape. Callers that want the full
 * symmetric matrix call {@link #dmirror}/{@link #smirror} afterwards (an O(n²) copy).
 *
 * <p>BLAS semantics for the scalars: β = 0 does not read C; α = 0 or k = 0 only scales the triangle by
 * β. Arguments are validated before memory is touched, as in {@link Gemm}.
 */
public final class Syrk {
    private Syrk() {
    }

    /** {@code double} SYRK with this thread's cached workspace. */
    public static void dsyrk(boolean upper, boolean trans, int n, int k, double alpha, MemorySegment a, long aOff,
                             int lda, double beta, MemorySegment c, long cOff, int ldc) {
        dsyrk(upper, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, null);
    }

    /** {@code double} SYRK with the pack buffers of {@code ws} (or this thread's cache if {@code null}). */
    public static void dsyrk(boolean upper, boolean trans, int n, int k, double alpha, MemorySegment a, long aOff,
                             int lda, double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        check(trans, n, k, a, aOff, lda, c, cOff, ldc, Double.BYTES, ws, true);
        Part part = upper ? Part.UPPER : Part.LOWER;
        if (Gemm.trivial(part, n, n, k, alpha, beta, c, cOff, ldc, Double.BYTES)) {
            return;
        }
        GemmWorkspace w = ws != null ? ws : GemmWorkspace.threadDoubles(n, n, k);
        DoubleGemm.multiply(w, part, trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
    }

    /** {@code float} SYRK with this thread's cached workspace. */
    public static void ssyrk(boolean upper, boolean trans, int n, int k, float alpha, MemorySegment a, long aOff,
                             int lda, float beta, MemorySegment c, long cOff, int ldc) {
        ssyrk(upper, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, null);
    }

    /** {@code float} SYRK with the pack buffers of {@code ws} (or this thread's cache if {@code null}). */
    public static void ssyrk(boolean upper, boolean trans, int n, int k, float alpha, MemorySegment a, long aOff,
                             int lda, float beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        check(trans, n, k, a, aOff, lda, c, cOff, ldc, Float.BYTES, ws, false);
        Part part = upper ? Part.UPPER : Part.LOWER;
        if (Gemm.trivial(part, n, n, k, alpha, beta, c, cOff, ldc, Float.BYTES)) {
            return;
        }
        GemmWorkspace w = ws != null ? ws : GemmWorkspace.threadFloats(n, n, k);
        FloatGemm.multiply(w, part, trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
    }

    /**
     * Copies the triangle of the {@code n × n} matrix C named by {@code fromUpper} onto the other one,
     * making C symmetric (the diagonal is kept).
     */
    public static void dmirror(boolean fromUpper, int n, MemorySegment c, long cOff, int ldc) {
        mirror(fromUpper, n, c, cOff, ldc, Double.BYTES);
    }

    /** The {@code float} twin of {@link #dmirror}. */
    public static void smirror(boolean fromUpper, int n, MemorySegment c, long cOff, int ldc) {
        mirror(fromUpper, n, c, cOff, ldc, Float.BYTES);
    }

    private static void mirror(boolean fromUpper, int n, MemorySegment c, long cOff, int ldc, int elemBytes) {
        Objects.requireNonNull(c, "C");
        Checks.size("n", n);
        Checks.matrix("C", c, cOff, n, n, ldc, elemBytes);
        Checks.writable("C", c);
        // Column by column of the destination triangle; each source row is read with stride ldc
        // (an O(n²) copy, small next to the O(n²k) update it completes).
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                long lower = cOff + i + (long) j * ldc;
                long upperIdx = cOff + j + (long) i * ldc;
                long from = fromUpper ? upperIdx : lower;
                long to = fromUpper ? lower : upperIdx;
                if (elemBytes == Double.BYTES) {
                    c.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, to, c.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, from));
                } else {
                    c.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, to, c.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, from));
                }
            }
        }
    }

    private static void check(boolean trans, int n, int k, MemorySegment a, long aOff, int lda, MemorySegment c,
                              long cOff, int ldc, int elemBytes, GemmWorkspace ws, boolean doubles) {
        Objects.requireNonNull(a, "A");
        Objects.requireNonNull(c, "C");
        Checks.size("n", n);
        Checks.size("k", k);
        Checks.matrix("A", a, aOff, trans ? k : n, trans ? n : k, lda, elemBytes);
        Checks.matrix("C", c, cOff, n, n, ldc, elemBytes);
        Checks.writable("C", c);
        if (ws != null) {
            ws.require(doubles, n, n, k);
        }
    }
}
