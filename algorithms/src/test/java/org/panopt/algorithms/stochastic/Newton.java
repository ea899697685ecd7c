package org.panopt.algorithms.stochastic;

import org.panopt.algorithms.LinearSystems;
import org.panopt.core.array.Vec;

/**
 * An independent reference for the tests: Newton's method on a {@link LinearModel}, written with
 * plain Java arrays (its own Hessian and gradient, and {@link LinearSystems}), so
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
            double[] step = LinearSystems.solve(h, g);
            for (int k = 0; k < d; k++) {
                w[k] -= step[k];
            }
        }
        return w;
    }
}
