package org.panopt.algorithms.linalg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Lapack;
import org.panopt.ffi.openblas.OpenBlas;

/**
 * Eigen-decomposition {@code Q = V diag(λ) Vᵀ} of a small or medium symmetric matrix, for set-up
 * work (factorising a penalty once, principal angles): LAPACK {@code dsyevd} when OpenBLAS is loaded,
 * else the cyclic Jacobi method in Java (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed.,
 * Algorithm 8.5.3; O(n³) per sweep, a handful of sweeps), so that the library works without native
 * code. Allocates; not for hot loops.
 */
public final class SymmetricEigen {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private SymmetricEigen() {
    }

    /** The eigenvalues of the symmetric {@code s} (any layout; not modified), ascending. */
    public static double[] eigenvalues(org.panopt.core.array.Matrix s) {
        int n = s.rows();
        if (s.cols() != n) {
            throw new IllegalArgumentException("expected a square matrix, got " + s.rows() + "x" + s.cols());
        }
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L * Math.max(1, n) * n, 64);
            MemorySegment w = arena.allocate(8L * Math.max(1, n), 64);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    set(a, n, i, j, s.get(i, j));
                }
            }
            decompose(n, a, w, true);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = w.getAtIndex(D, i);
            }
            return out;
        }
    }

    /**
     * Replaces the column-major symmetric {@code n × n} matrix in {@code a} (off-heap, leading
     * dimension n; its lower triangle is read) by its eigenvectors (one per column) and writes the
     * eigenvalues, ascending, into {@code w}.
     *
     * @param useLapack false forces the Java path even when LAPACK is there (tests compare the two)
     */
    public static void decompose(int n, MemorySegment a, MemorySegment w, boolean useLapack) {
        if (useLapack && OpenBlas.isAvailable()) {
            Lapack.dsyevd(true, Uplo.LOWER, n, a, 0, n, w, 0);
            return;
        }
        jacobi(n, a, w);
    }

    private static double get(MemorySegment a, int n, int i, int j) {
        return a.getAtIndex(D, i + (long) j * n);
    }

    private static void set(MemorySegment a, int n, int i, int j, double v) {
        a.setAtIndex(D, i + (long) j * n, v);
    }

    private static void jacobi(int n, MemorySegment a, MemorySegment w) {
        double[] m = new double[n * n];
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                m[i + j * n] = get(a, n, Math.max(i, j), Math.min(i, j));   // the lower triangle, as LAPACK reads it
            }
            v[j + j * n] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double all = 0;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = m[i + j * n] * m[i + j * n];
                    all += x;
                    off += i == j ? 0 : x;
                }
            }
            if (off <= 1e-30 * all || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p + q * n];
                    if (apq == 0) {
                        continue;
                    }
                    // the rotation that zeroes (p, q): tan θ from the 2 × 2 symmetric Schur decomposition
                    double tau = (m[q + q * n] - m[p + p * n]) / (2 * apq);
                    double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
                    if (tau == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {           // M ← M J (columns p, q)
                        double mkp = m[k + p * n];
                        double mkq = m[k + q * n];
                        m[k + p * n] = c * mkp - s * mkq;
                        m[k + q * n] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {           // M ← Jᵀ M (rows p, q)
                        double mpk = m[p + k * n];
                        double mqk = m[q + k * n];
                        m[p + k * n] = c * mpk - s * mqk;
                        m[q + k * n] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {           // V ← V J
                        double vkp = v[k + p * n];
                        double vkq = v[k + q * n];
                        v[k + p * n] = c * vkp - s * vkq;
                        v[k + q * n] = s * vkp + c * vkq;
                    }
                }
            }
        }
        // ascending order, as LAPACK returns them (selection sort of columns: n is small here)
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x + x * n], m[y + y * n]));
        for (int j = 0; j < n; j++) {
            int src = order[j];
            w.setAtIndex(D, j, m[src + src * n]);
            for (int i = 0; i < n; i++) {
                set(a, n, i, j, v[i + src * n]);
            }
        }
    }
}
