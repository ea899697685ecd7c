package org.panopt.algorithms.retraction;

import org.panopt.algorithms.landing.Args;
import org.panopt.core.array.Matrix;

/**
 * The QR retraction in plain Java, for small sizes or when OpenBLAS is missing: unblocked Householder
 * QR and the explicit Q formed backwards from the reflectors (LAPACK's {@code dgeqr2} and
 * {@code dorg2r}, Golub &amp; Van Loan, <i>Matrix Computations</i>, Alg. 5.2.1 and §5.1.6), signs fixed
 * so that R has a positive diagonal. About 4np² flops of scalar loops; allocates nothing.
 */
public final class HouseholderQr implements Retraction<Matrix> {
    private final int n;
    private final int p;
    private final double[] tau;
    private final double[] sign;

    /** Sized for {@code n × p} matrices ({@code n ≥ p}). */
    public HouseholderQr(int n, int p) {
        if (p < 1 || n < p) {
            throw new IllegalArgumentException("QR retraction needs n >= p >= 1, got " + n + "x" + p);
        }
        this.n = n;
        this.p = p;
        this.tau = new double[p];
        this.sign = new double[p];
    }

    @Override
    public void retract(Matrix a) {
        Args.shape("y", a, n, p, null);
        for (int j = 0; j < p; j++) {
            // reflector H = I − τ v vᵀ, v = [1; a(j+1:n, j)], with H a(j:n, j) = (β, 0, …, 0)
            double alpha = a.get(j, j);
            double xnorm = 0;
            for (int i = j + 1; i < n; i++) {
                xnorm = Math.hypot(xnorm, a.get(i, j));
            }
            double beta = alpha;
            tau[j] = 0;
            if (xnorm != 0) {
                beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
                tau[j] = (beta - alpha) / beta;
                double scale = 1 / (alpha - beta);
                for (int i = j + 1; i < n; i++) {
                    a.set(i, j, a.get(i, j) * scale);
                }
            }
            a.set(j, j, beta);
            sign[j] = beta < 0 ? -1 : 1;
            for (int c = j + 1; c < p; c++) {
                applyReflector(a, j, c);
            }
        }
        // Q = H(0) ⋯ H(p−1) [I; 0], built in place from the last reflector to the first
        for (int j = p - 1; j >= 0; j--) {
            a.set(j, j, 1);
            for (int c = j + 1; c < p; c++) {
                applyReflector(a, j, c);
            }
            for (int i = j + 1; i < n; i++) {
                a.set(i, j, -tau[j] * a.get(i, j));
            }
            a.set(j, j, 1 - tau[j]);
            for (int i = 0; i < j; i++) {
                a.set(i, j, 0);
            }
        }
        ColumnSigns.apply(a, sign);
    }

    /** Column c (rows j..n) ← H(j) column c, with v = [1; a(j+1:n, j)]. */
    private void applyReflector(Matrix a, int j, int c) {
        if (tau[j] == 0) {
            return;
        }
        double w = a.get(j, c);
        for (int i = j + 1; i < n; i++) {
            w += a.get(i, j) * a.get(i, c);
        }
        w *= tau[j];
        a.set(j, c, a.get(j, c) - w);
        for (int i = j + 1; i < n; i++) {
            a.set(i, c, a.get(i, c) - w * a.get(i, j));
        }
    }

    @Override
    public String name() {
        return "qr-java";
    }
}
