package org.panopt.algorithms.linalg;

import java.lang.foreign.Arena;
import org.panopt.core.array.Matrix;

/**
 * Principal angles between two k-dimensional subspaces of {@code R^d}, each given by a {@code k × d}
 * basis with orthonormal rows (Björck &amp; Golub 1973): the cosines are the singular values of
 * {@code A Bᵀ}, here the square roots of the eigenvalues of {@code (ABᵀ)(ABᵀ)ᵀ}. Set-up and test
 * code (allocates).
 */
public final class PrincipalAngles {
    private PrincipalAngles() {
    }

    /** The k principal angles in radians, ascending (0: a shared direction, π/2: orthogonal). */
    public static double[] between(double[][] a, double[][] b) {
        int k = a.length;
        if (k == 0 || b.length != k || a[0].length != b[0].length) {
            throw new IllegalArgumentException("two k x d bases of the same shape are needed, got " + a.length + "x"
                    + (k == 0 ? 0 : a[0].length) + " and " + b.length + "x" + (b.length == 0 ? 0 : b[0].length));
        }
        int d = a[0].length;
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < d; l++) {
                    c[i][j] += a[i][l] * b[j][l];
                }
            }
        }
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < k; l++) {
                    s[i][j] += c[i][l] * c[j][l];
                }
            }
        }
        double[] eig;
        try (Arena arena = Arena.ofConfined()) {
            eig = SymmetricEigen.eigenvalues(Matrix.copyOf(arena, s));
        }
        double[] angles = new double[k];
        for (int i = 0; i < k; i++) {
            // largest cosine first gives ascending angles
            double cos = Math.sqrt(Math.min(1, Math.max(0, eig[k - 1 - i])));
            angles[i] = Math.acos(cos);
        }
        return angles;
    }

    /** {@code Σ sin²θ_i}: the squared chordal (projection) distance {@code ½‖AᵀA − BᵀB‖²}. */
    public static double sinSquaredSum(double[][] a, double[][] b) {
        double s = 0;
        for (double t : between(a, b)) {
            s += Math.sin(t) * Math.sin(t);
        }
        return s;
    }
}
