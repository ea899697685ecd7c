package org.panopt.algorithms.geometry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.kernels.fused.LogSumExp;
import org.panopt.kernels.fused.Softmax;
import org.panopt.kernels.level2.Level2;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.GemmWorkspace;

/**
 * The kernels this package runs, chosen by dtype: the fused log-sum-exp and softmax weights of
 * {@code org.panopt.kernels.fused} (the hot loop), GEMM from {@code org.panopt.kernels.level3}
 * (squared-Euclidean tiles, the entropic map's weighted sums), GEMV from
 * {@code org.panopt.kernels.level2} (the kernel-domain iteration), and element access for the
 * {@code O(n + m)} conversions around them.
 */
final class Kernels {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Kernels() {
    }

    static double get(DType t, MemorySegment s, long i) {
        return t == DType.F64 ? s.getAtIndex(D, i) : s.getAtIndex(F, i);
    }

    static void set(DType t, MemorySegment s, long i, double x) {
        if (t == DType.F64) {
            s.setAtIndex(D, i, x);
        } else {
            s.setAtIndex(F, i, (float) x);
        }
    }

    /** {@code max ← −∞, sum ← 0} for n states. */
    static void init(DType t, int n, MemorySegment mx, long mOff, MemorySegment sm, long sOff) {
        if (t == DType.F64) {
            LogSumExp.dinit(n, mx, mOff, sm, sOff);
        } else {
            LogSumExp.sinit(n, mx, mOff, sm, sOff);
        }
    }

    /** {@code out_k = max_k + log(sum_k)} (max itself when not finite). */
    static void finish(DType t, int n, MemorySegment mx, long mOff, MemorySegment sm, long sOff, MemorySegment out,
                       long oOff) {
        if (t == DType.F64) {
            LogSumExp.dfinish(n, mx, mOff, sm, sOff, out, oOff);
        } else {
            LogSumExp.sfinish(n, mx, mOff, sm, sOff, out, oOff);
        }
    }

    /**
     * For each row i of the {@code rows × cols} column-major tile C: folds
     * {@code z_ij = (v_j − C_ij)/ε + w_j} into the state {@code (mx[mOff + i], sm[sOff + i])}.
     */
    static void rowAccumulate(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                              long vOff, MemorySegment w, long wOff, double eps, MemorySegment mx, long mOff,
                              MemorySegment sm, long sOff) {
        if (t == DType.F64) {
            LogSumExp.drowAccumulate(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, mx, mOff, sm, sOff);
        } else {
            LogSumExp.srowAccumulate(rows, cols, c, cOff, ldc, v, vOff, w, wOff, (float) eps, mx, mOff, sm, sOff);
        }
    }

    /** Column twin of {@link #rowAccumulate}: {@code z_ij = (v_i − C_ij)/ε + w_i} into column j's state. */
    static void colAccumulate(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                              long vOff, MemorySegment w, long wOff, double eps, MemorySegment mx, long mOff,
                              MemorySegment sm, long sOff) {
        if (t == DType.F64) {
            LogSumExp.dcolAccumulate(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, mx, mOff, sm, sOff);
        } else {
            LogSumExp.scolAccumulate(rows, cols, c, cOff, ldc, v, vOff, w, wOff, (float) eps, mx, mOff, sm, sOff);
        }
    }

    /**
     * Softmax weights {@code P_ij = exp((v_j − C_ij)/ε + w_j − lse_i)} of a {@code rows × cols} tile
     * into P (leading dimension ldp); v, w, lse and P in the dtype.
     */
    static void weights(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                        MemorySegment w, long wOff, double eps, MemorySegment lse, long lseOff, MemorySegment p,
                        long pOff, int ldp) {
        if (t == DType.F64) {
            Softmax.drowWeights(rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, lse, lseOff, p, pOff, ldp);
        } else {
            Softmax.srowWeights(rows, cols, c, cOff, ldc, v, vOff, w, wOff, (float) eps, lse, lseOff, p, pOff, ldp);
        }
    }

    /** {@code y ← op(A)·x} with {@code op(A) = A} ({@code m × n}) or {@code Aᵀ}; unit strides. */
    static void gemv(DType t, boolean trans, int m, int n, MemorySegment a, long aOff, int lda, MemorySegment x,
                     MemorySegment y) {
        if (t == DType.F64) {
            Level2.dgemv(trans, m, n, 1.0, a, aOff, lda, x, 0, 1, 0.0, y, 0, 1);
        } else {
            Level2.sgemv(trans, m, n, 1f, a, aOff, lda, x, 0, 1, 0f, y, 0, 1);
        }
    }

    /**
     * {@code C ← α·A·Bᵀ + β·C}: A is {@code m × k} (column-major, lda), B is {@code n × k}
     * (column-major, ldb), C is {@code m × n}. β = 0 does not read C.
     */
    static void gemmNT(DType t, int m, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, double beta, MemorySegment c, long cOff, int ldc,
                       GemmWorkspace ws) {
        if (t == DType.F64) {
            Gemm.dgemm(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        } else {
            Gemm.sgemm(false, true, m, n, k, (float) alpha, a, aOff, lda, b, bOff, ldb, (float) beta, c, cOff, ldc, ws);
        }
    }

    /**
     * {@code C ← α·A·B + β·C}: A is {@code m × k} (column-major, lda), B is {@code k × n}
     * (column-major, ldb), C is {@code m × n}. β = 0 does not read C.
     */
    static void gemmNN(DType t, int m, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, double beta, MemorySegment c, long cOff, int ldc,
                       GemmWorkspace ws) {
        if (t == DType.F64) {
            Gemm.dgemm(false, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        } else {
            Gemm.sgemm(false, false, m, n, k, (float) alpha, a, aOff, lda, b, bOff, ldb, (float) beta, c, cOff, ldc,
                    ws);
        }
    }

    /** GEMM pack buffers for tiles up to {@code m × n × k}, in the dtype's precision. */
    static GemmWorkspace gemmWorkspace(DType t, int m, int n, int k) {
        return t == DType.F64 ? GemmWorkspace.forDoubles(m, n, k) : GemmWorkspace.forFloats(m, n, k);
    }
}
