package org.panopt.algorithms.linalg;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Cholesky factorisation {@code A = L·Lᵀ} of a small dense symmetric positive definite matrix and
 * the matching solves, in storage sized once (for the exact solutions of small problems: closed-form
 * bilevel solutions, Newton steps). The row-oriented algorithm (Golub &amp; Van Loan, Matrix
 * Computations, 4th ed., Algorithm 4.2.2, "gaxpy" Cholesky, by rows) with every inner product done
 * by the dot kernel; O(n³/3) flops; the factor is kept
 * twice (L and Lᵀ, both row-major) so every kernel call reads contiguous rows. Allocates nothing
 * after construction. Not thread-safe.
 */
public final class Cholesky {
    private final int n;
    private final Matrix l;
    private final Matrix u;
    private boolean factored;

    /** Storage for n × n factors, from {@code ws}. */
    public Cholesky(Workspace ws, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix order must be >= 1, got " + n);
        }
        this.n = n;
        this.l = ws.matrix(DType.F64, n, n).t();
        this.u = ws.matrix(DType.F64, n, n).t();
    }

    /** The order n. */
    public int order() {
        return n;
    }

    /**
     * Factors {@code a} (n × n, any layout; only its lower triangle is read; a is not modified).
     *
     * @throws IllegalArgumentException if a is not numerically positive definite (a pivot ≤ 0 or not
     *                                  finite); the previous factor is then no longer usable
     */
    public void factor(Matrix a) {
        if (a.rows() != n || a.cols() != n) {
            throw new IllegalArgumentException("expected a " + n + "x" + n + " matrix, got " + a.rows() + "x" + a.cols());
        }
        factored = false;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a.get(i, j) - Blas.rowDotRow(l, i, l, j, 0, j);
                if (i == j) {
                    if (!(s > 0 && s < Double.POSITIVE_INFINITY)) {
                        throw new IllegalArgumentException("matrix is not positive definite: pivot " + i + " is " + s);
                    }
                    l.set(i, i, Math.sqrt(s));
                } else {
                    l.set(i, j, s / l.get(j, j));
                }
            }
        }
        // U = Lᵀ, row-major, so that the back substitution also reads contiguous rows (unit-stride
        // kernels only: a strided call would add the kernels' scalar path to their JIT profile).
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                u.set(j, i, l.get(i, j));
            }
        }
        factored = true;
    }

    /** {@code b ← A⁻¹ b} for the last factored A. */
    public void solve(Vec b) {
        if (!factored) {
            throw new IllegalStateException("no factor: call factor(A) first (or it failed)");
        }
        if (b.length() != n) {
            throw new IllegalArgumentException("right-hand side has " + b.length() + " elements, expected " + n);
        }
        for (int i = 0; i < n; i++) {             // L y = b
            b.set(i, (b.get(i) - Blas.rowDot(l, i, 0, i, b)) / l.get(i, i));
        }
        for (int i = n - 1; i >= 0; i--) {        // Lᵀ x = y
            b.set(i, (b.get(i) - Blas.rowDot(u, i, i + 1, n, b)) / u.get(i, i));
        }
    }

    /** The lower-triangular factor L (a view of this object's storage; its upper triangle is zero). */
    public Matrix factorView() {
        return l;
    }
}
