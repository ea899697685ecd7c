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
 * <p>LSE state convention: {@code LSE = mx + log(sm)}; a fresh state is {@code mx = −∞, sm = 0}.
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

    /**
     * For each row i of the {@code rows × cols} column-major tile C (element offset {@code cOff},
     * leading dimension {@code ldc}): folds {@code z_ij = (v_j − C_ij)·invEps + w_j} (w may be null)
     * into the state {@code (mx[sOff + i], sm[sOff + i])}; {@code first} starts a fresh state.
     */
    static void lseAcross(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                          MemorySegment w, long wOff, double invEps, MemorySegment mx, MemorySegment sm, long sOff,
                          boolean first) {
        for (int i = 0; i < rows; i++) {
            double m = first ? Double.NEGATIVE_INFINITY : get(t, mx, sOff + i);
            double s = first ? 0 : get(t, sm, sOff + i);
            for (int j = 0; j < cols; j++) {
                double z = (get(t, v, vOff + j) - get(t, c, cOff + i + (long) j * ldc)) * invEps
                        + (w == null ? 0 : get(t, w, wOff + j));
                if (z > m) {
                    s = s * Math.exp(m - z) + 1;
                    m = z;
                } else if (z != Double.NEGATIVE_INFINITY) {
                    s += Math.exp(z - m);
                }
            }
            set(t, mx, sOff + i, m);
            set(t, sm, sOff + i, s);
        }
    }

    /** As {@link #lseAcross} but reducing down each column j over its rows: {@code z_ij = (v_i − C_ij)·invEps + w_i}. */
    static void lseDown(DType t, int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                        MemorySegment w, long wOff, double invEps, MemorySegment mx, MemorySegment sm, long sOff,
                        boolean first) {
        for (int j = 0; j < cols; j++) {
            double m = first ? Double.NEGATIVE_INFINITY : get(t, mx, sOff + j);
            double s = first ? 0 : get(t, sm, sOff + j);
            for (int i = 0; i < rows; i++) {
                double z = (get(t, v, vOff + i) - get(t, c, cOff + i + (long) j * ldc)) * invEps
                        + (w == null ? 0 : get(t, w, wOff + i));
                if (z > m) {
                    s = s * Math.exp(m - z) + 1;
                    m = z;
                } else if (z != Double.NEGATIVE_INFINITY) {
                    s += Math.exp(z - m);
                }
            }
            set(t, mx, sOff + j, m);
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
