package org.panopt.kernels.level3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Test operands for the level-3 kernels in either precision: column-major matrices inside segments
 * sized exactly to the touched range (so any read past it throws), at an element offset, with a
 * leading dimension, on the heap or off-heap; plus the scalar triple-loop references, accumulated in
 * double.
 */
final class Operands {
    /** Machine epsilon (unit roundoff) of the precision. */
    static double unitRoundoff(boolean f32) {
        return f32 ? 0x1p-24 : 0x1p-53;
    }

    /** A column-major {@code rows × cols} matrix stored at {@code off} with leading dimension {@code ld}. */
    record Mat(MemorySegment seg, long off, int rows, int cols, int ld, boolean f32) {
        double get(int i, int j) {
            long idx = off + i + (long) j * ld;
            return f32 ? seg.getAtIndex(ValueLayout.JAVA_FLOAT, idx) : seg.getAtIndex(ValueLayout.JAVA_DOUBLE, idx);
        }

        void set(int i, int j, double v) {
            long idx = off + i + (long) j * ld;
            if (f32) {
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, idx, (float) v);
            } else {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, idx, v);
            }
        }

        /** Every element of the segment (padding included), for unchanged-memory checks. */
        double[] snapshot() {
            return f32 ? toDoubles(seg.toArray(ValueLayout.JAVA_FLOAT)) : seg.toArray(ValueLayout.JAVA_DOUBLE);
        }

        private static double[] toDoubles(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    private Operands() {
    }

    /**
     * A random matrix (entries in [−1, 1)); padding elements between columns and before the offset
     * hold a sentinel (7777) so that reads of padding show up in results and writes to it in
     * snapshots. {@code arena == null} puts it on the heap.
     */
    static Mat random(SplittableRandom rnd, boolean f32, int rows, int cols, int ld, long off, Arena arena) {
        long elems = rows == 0 || cols == 0 ? off : off + rows + (long) (cols - 1) * ld;
        elems = Math.max(elems, 1);
        MemorySegment seg;
        if (arena == null) {
            seg = f32 ? MemorySegment.ofArray(new float[(int) elems]) : MemorySegment.ofArray(new double[(int) elems]);
        } else {
            seg = arena.allocate(elems * (f32 ? 4 : 8), 64);
        }
        Mat m = new Mat(seg, off, rows, cols, ld, f32);
        for (long i = 0; i < elems; i++) {
            if (f32) {
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, 7777f);
            } else {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 7777.0);
            }
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                m.set(i, j, rnd.nextDouble(-1, 1));
            }
        }
        return m;
    }

    /** op(X)(i, j). */
    static double op(Mat x, boolean trans, int i, int j) {
        return trans ? x.get(j, i) : x.get(i, j);
    }

    /**
     * Reference {@code α·op(A)·op(B) + β·C} by the triple loop in double, with BLAS semantics for the
     * special scalars (β = 0: C not read; α = 0 or k = 0: only β·C), and the error bound of each
     * element: {@code γ·(|α|·Σ|a||b| + |β·c|)} with {@code γ = (k + 3)·u} (Higham, Accuracy and
     * Stability of Numerical Algorithms, 2nd ed., §3.1, Thm 3.5 for the dot product, plus the rounding
     * of the scaling and final addition).
     */
    static double[][] referenceGemm(boolean ta, boolean tb, int m, int n, int k, double alpha, Mat a, Mat b,
                                    double beta, Mat c, boolean f32) {
        double[][] out = new double[2][m * n];
        double gamma = (k + 3) * unitRoundoff(f32);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0, abs = 0;
                if (alpha != 0) {
                    for (int p = 0; p < k; p++) {
                        double x = op(a, ta, i, p), y = op(b, tb, p, j);
                        s += x * y;
                        abs += Math.abs(x * y);
                    }
                }
                double cv = beta == 0 ? 0 : beta * c.get(i, j);
                out[0][i + j * m] = (alpha == 0 ? 0 : alpha * s) + cv;
                out[1][i + j * m] = gamma * (Math.abs(alpha) * abs + Math.abs(cv)) + Double.MIN_NORMAL;
            }
        }
        return out;
    }

    /** Calls dgemm or sgemm on the operands. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, double alpha, Mat a, Mat b, double beta, Mat c,
                     GemmWorkspace ws) {
        if (c.f32()) {
            Gemm.sgemm(ta, tb, m, n, k, (float) alpha, a.seg(), a.off(), a.ld(), b.seg(), b.off(), b.ld(),
                    (float) beta, c.seg(), c.off(), c.ld(), ws);
        } else {
            Gemm.dgemm(ta, tb, m, n, k, alpha, a.seg(), a.off(), a.ld(), b.seg(), b.off(), b.ld(), beta, c.seg(),
                    c.off(), c.ld(), ws);
        }
    }

    /** Calls dsyrk or ssyrk on the operands. */
    static void syrk(boolean upper, boolean trans, int n, int k, double alpha, Mat a, double beta, Mat c,
                     GemmWorkspace ws) {
        if (c.f32()) {
            Syrk.ssyrk(upper, trans, n, k, (float) alpha, a.seg(), a.off(), a.ld(), (float) beta, c.seg(), c.off(),
                    c.ld(), ws);
        } else {
            Syrk.dsyrk(upper, trans, n, k, alpha, a.seg(), a.off(), a.ld(), beta, c.seg(), c.off(), c.ld(), ws);
        }
    }
}
