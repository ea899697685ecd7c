package org.panopt.algorithms;

/** Plain-array Gaussian elimination with partial pivoting: an independent reference for the tests. */
public final class LinearSystems {
    private LinearSystems() {
    }

    /** Solves {@code h·x = b} ({@code h} and {@code b} are not modified). */
    public static double[] solve(double[][] h0, double[] b0) {
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
}
