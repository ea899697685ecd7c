package org.panopt.algorithms.stochastic;

import org.panopt.core.array.Vec;

/**
 * An independent reference for the tests: Newton's method on a {@link LinearModel}, written with
 * plain Java arrays (its own Hessian, gradient and Gaussian elimination with partial pivoting), so
 * it shares no code with the loops it checks beyond the model's scalar loss derivatives.
 */
final class Newton {
    private Newton() {
    }

    /** The minimiser of F (strongly convex), to gradient norm 1e-14 or 100 Newton steps. */
    static double[] minimise(LinearModel m) {
        int n = m.samples();
        int d = m.dimension();
        double[][] a = m.features().toArray();
        double[] w = new double[d];
        for (int it = 0; it < 100; it++) {
            double[] g = new double[d];
            double[][] h = new double[d][d];
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int k = 0; k < d; k++) {
                    z += a[i][k] * w[k];
                }
                double g1 = m.derivative(i, z) / n;
                double g2 = m.curvature(i, z) / n;
                for (int k = 0; k < d; k++) {
                    g[k] += g1 * a[i][k];
                    for (int l = 0; l < d; l++) {
                        h[k][l] += g2 * a[i][k] * a[i][l];
                    }
                }
            }
            double norm = 0;
            for (int k = 0; k < d; k++) {
                g[k] += m.l2() * w[k];
                h[k][k] += m.l2();
                norm += g[k] * g[k];
            }
            if (Math.sqrt(norm) < 1e-14) {
                break;
            }
            double[] step = solve(h, g);
            for (int k = 0; k < d; k++) {
                w[k] -= step[k];
            }
        }
        return w;
    }

    /** Solves {@code h·x = b} by Gaussian elimination with partial pivoting (h and b are copied). */
    static double[] solve(double[][] h0, double[] b0) {
        int d = b0.length;
        double[][] h = new double[d][];
        for (int k = 0; k < d; k++) {
            h[k] = h0[k].clone();
        }
        double[] b = b0.clone();
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(h[r][c]) > Math.abs(h[p][c])) {
                    p = r;
                }
            }
            double[] t = h[c];
            h[c] = h[p];
            h[p] = t;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < d; r++) {
                double f = h[r][c] / h[c][c];
                for (int k = c; k < d; k++) {
                    h[r][k] -= f * h[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[d];
        for (int r = d - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < d; k++) {
                s -= h[r][k] * x[k];
            }
            x[r] = s / h[r][r];
        }
        return x;
    }

    static double value(LinearModel m, double[] w, java.lang.foreign.Arena arena) {
        return m.value(Vec.copyOf(arena, w));
    }
}
