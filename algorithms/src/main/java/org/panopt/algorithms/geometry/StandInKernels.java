package org.panopt.algorithms.geometry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;

/**
 * TEMPORARY scalar stand-ins for the kernels this package calls, with the semantics it needs, until
 * {@code org.panopt.kernels.fused} (online row/column LSE over a column-major tile, exp tiles) and
 * {@code org.panopt.kernels.level3} (GEMM) are merged. Every call site goes through this one class
 * so that swapping in the real kernels is a change of this file only; it is not the hot loop we ship.
 *
 * <p>The LSE methods mirror {@code org.panopt.kernels.fused.LogSumExp} (work in progress on the
 * kernels branch) argument for argument, so the swap is mechanical. LSE state: {@code LSE = mx + log(sm)}.
 */
final class StandInKernels {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private StandInKernels() {
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

    /** {@code max ← −∞, sum ← 0} for n states (LogSumExp.dinit / sinit). */
    static void init(DType t, int n, MemorySegment mx, long mOff, MemorySegment sm, long sOff) {
        for (int k = 0; k < n; k++) {
            set(t, mx, mOff + k, Double.NEGATIVE_INFINITY);
            set(t, sm, sOff + k, 0);
        }
    }

    /** {@code out_k = max_k + log(sum_k)} (max itself when not finite) (LogSumExp.dfinish / sfinish). */
    static void finish(DType t, int n, MemorySegment mx, long mOff, MemorySegment sm, long sOff, MemorySegment out,
                       long oOff) {
        for (int k = 0; k < n; k++) {
            double m = get(t, mx, mOff + k);
            set(t, out, oOff + k, Double.isFinite(m) ? m + Math.log(get(t, sm, sOff + k)) : m);
        }
    }

    /**
     * For each row i of the {@code rows × cols} column-major tile C: folds
     * {@code z_ij = (v_j − C_ij)/ε + w_j} into the state {@code (mx[mOff + i], sm[sOff + i])}
     * (LogSumExp.drowAccumulate / srowAccumulate).
     */
    static void rowAccumulate(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                              long vOff, MemorySegment w, long wOff, double eps, MemorySegment mx, long mOff,
                              MemorySegment sm, long sOff) {
        double ie = 1 / eps;
        for (int i = 0; i < rows; i++) {
            double m = get(t, mx, mOff + i);
            double s = get(t, sm, sOff + i);
            for (int j = 0; j < cols; j++) {
                double z = Math.fma(get(t, v, vOff + j) - get(t, c, cOff + i + (long) j * ldc), ie, get(t, w, wOff + j));
                if (z > m) {
                    s = s * Math.exp(m - z) + 1;
                    m = z;
                } else if (z != Double.NEGATIVE_INFINITY) {
                    s += Math.exp(z - m);
                }
            }
            set(t, mx, mOff + i, m);
            set(t, sm, sOff + i, s);
        }
    }

    /** Column twin of {@link #rowAccumulate}: {@code z_ij = (v_i − C_ij)/ε + w_i} into column j's state. */
    static void colAccumulate(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v,
                              long vOff, MemorySegment w, long wOff, double eps, MemorySegment mx, long mOff,
                              MemorySegment sm, long sOff) {
        double ie = 1 / eps;
        for (int j = 0; j < cols; j++) {
            double m = get(t, mx, mOff + j);
            double s = get(t, sm, sOff + j);
            for (int i = 0; i < rows; i++) {
                double z = Math.fma(get(t, v, vOff + i) - get(t, c, cOff + i + (long) j * ldc), ie, get(t, w, wOff + i));
                if (z > m) {
                    s = s * Math.exp(m - z) + 1;
                    m = z;
                } else if (z != Double.NEGATIVE_INFINITY) {
                    s += Math.exp(z - m);
                }
            }
            set(t, mx, mOff + j, m);
            set(t, sm, sOff + j, s);
        }
    }

    /**
     * {@code out_ij = exp(r_i + q_j − C_ij·invEps)} for the {@code rows × cols} tile (out column-major
     * with leading dimension {@code ldo}); r and q are float64 vectors.
     */
    static void expTile(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment r, long rOff,
                        MemorySegment q, long qOff, double invEps, MemorySegment out, long oOff, int ldo) {
        for (int j = 0; j < cols; j++) {
            double qj = q.getAtIndex(D, qOff + j);
            for (int i = 0; i < rows; i++) {
                double z = r.getAtIndex(D, rOff + i) + qj - get(t, c, cOff + i + (long) j * ldc) * invEps;
                set(t, out, oOff + i + (long) j * ldo, Math.exp(z));
            }
        }
    }

    /**
     * {@code C ← α·A·Bᵀ + β·C}: A is {@code m × k} (column-major, lda), B is {@code n × k}
     * (column-major, ldb), C is {@code m × n} (column-major, ldc). β = 0 does not read C.
     */
    static void gemmNT(DType t, int m, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, double beta, MemorySegment c, long cOff, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += get(t, a, aOff + i + (long) p * lda) * get(t, b, bOff + j + (long) p * ldb);
                }
                long ci = cOff + i + (long) j * ldc;
                set(t, c, ci, alpha * s + (beta == 0 ? 0 : beta * get(t, c, ci)));
            }
        }
    }

    /**
     * {@code C ← α·A·B + β·C}: A is {@code m × k} (column-major, lda), B is {@code k × n}
     * (column-major, ldb), C is {@code m × n}. β = 0 does not read C.
     */
    static void gemmNN(DType t, int m, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, double beta, MemorySegment c, long cOff, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += get(t, a, aOff + i + (long) p * lda) * get(t, b, bOff + p + (long) j * ldb);
                }
                long ci = cOff + i + (long) j * ldc;
                set(t, c, ci, alpha * s + (beta == 0 ? 0 : beta * get(t, c, ci)));
            }
        }
    }
}
