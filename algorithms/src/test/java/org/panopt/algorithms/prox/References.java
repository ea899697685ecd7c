package org.panopt.algorithms.prox;

import java.util.function.DoubleUnaryOperator;

/**
 * Independent scalar references for the penalties: brute-force 1-D minimisers (a dense grid, then a
 * golden-section search around its best point, so non-convex 1-D problems are solved globally),
 * bisections for the water-filling forms, Gaussian elimination for the linear proxes.
 */
final class References {
    private References() {
    }

    /** The global minimiser of {@code f} on {@code [lo, hi]}: a grid of 20 001 points, then golden section. */
    static double argmin(DoubleUnaryOperator f, double lo, double hi) {
        int n = 20_000;
        double h = (hi - lo) / n;
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double v = f.applyAsDouble(lo + i * h);
            if (v < bestValue) {
                bestValue = v;
                best = i;
            }
        }
        double a = lo + Math.max(best - 1, 0) * h;
        double b = lo + Math.min(best + 1, n) * h;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 200; it++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (f.applyAsDouble(c) <= f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        double x = (a + b) / 2;
        // the grid may sit exactly on a kink (0 for thresholding penalties): keep the better point
        return f.applyAsDouble(lo + best * h) < f.applyAsDouble(x) ? lo + best * h : x;
    }

    /** STVS per coordinate, OTT-JAX's formula: {@code γ²(σ − ½e^{−2σ} + ½)}, σ = asinh(|z|/(2γ)). */
    static double stvs(double z, double gamma) {
        double a = Math.abs(z) / (2 * gamma);
        double sigma = Math.log(a + Math.sqrt(1 + a * a));
        return gamma * gamma * (sigma - 0.5 * Math.exp(-2 * sigma) + 0.5);
    }

    /**
     * The squared k-support norm by its box-norm form (McDonald, Pontil &amp; Stamos 2016):
     * {@code min Σ w_i²/θ_i} over {@code θ ∈ (0, 1]^d, Σθ ≤ k}, solved by {@code θ_i = min(1, |w_i|/λ)}
     * with λ from a bisection on {@code Σθ = k}.
     */
    static double kSupportSquared(double[] w, int k) {
        int nnz = 0;
        double sq = 0;
        double max = 0;
        for (double x : w) {
            nnz += x != 0 ? 1 : 0;
            sq += x * x;
            max = Math.max(max, Math.abs(x));
        }
        if (nnz <= k) {
            return sq;
        }
        double lo = 0;
        double hi = max * w.length;
        for (int it = 0; it < 300; it++) {
            double lambda = (lo + hi) / 2;
            double s = 0;
            for (double x : w) {
                s += Math.min(1, Math.abs(x) / lambda);
            }
            if (s > k) {
                lo = lambda;
            } else {
                hi = lambda;
            }
        }
        double lambda = (lo + hi) / 2;
        double value = 0;
        for (double x : w) {
            value += Math.abs(x) >= lambda ? x * x : lambda * Math.abs(x);
        }
        return value;
    }

    /** Squared dual norm of the k-support norm: the sum of the k largest squares. */
    static double topKSquares(double[] u, int k) {
        double[] s = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            s[i] = u[i] * u[i];
        }
        java.util.Arrays.sort(s);
        double t = 0;
        for (int i = 0; i < k; i++) {
            t += s[s.length - 1 - i];
        }
        return t;
    }

    /**
     * {@code prox_{t·½‖·‖²_sp}(v)} through Moreau's identity {@code v − t·prox_{τ∗/t}(v/t)}, with
     * {@code τ* = ½‖·‖²_(k)} (the top-k squares): its prox maximises, by minimax, the separable concave
     * {@code Σ ½y_i²cθ_i/(1 + cθ_i)} over {@code θ ∈ [0, 1]^d, Σθ = k} (c = 1/t, y = v/t), a water-filling
     * solved by bisection on the multiplier; then {@code u_i = y_i/(1 + cθ_i)}.
     */
    static double[] kSupportProx(double[] v, double t, int k) {
        int d = v.length;
        double c = 1 / t;
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            y[i] = v[i] / t;
        }
        double[] theta = new double[d];
        if (thetaSum(y, c, 1e-300, theta) <= k) {
            java.util.Arrays.fill(theta, 1);
        } else {
            double lo = -700;
            double hi = 700;   // bisection on log μ
            for (int it = 0; it < 400; it++) {
                double mid = (lo + hi) / 2;
                if (thetaSum(y, c, Math.exp(mid), theta) > k) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            thetaSum(y, c, Math.exp((lo + hi) / 2), theta);
        }
        double[] p = new double[d];
        for (int i = 0; i < d; i++) {
            p[i] = v[i] - t * y[i] / (1 + c * theta[i]);
        }
        return p;
    }

    private static double thetaSum(double[] y, double c, double mu, double[] theta) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            theta[i] = Math.min(1, Math.max(0, (Math.abs(y[i]) * Math.sqrt(c / (2 * mu)) - 1) / c));
            s += theta[i];
        }
        return s;
    }

    /** Projection onto {@code {z ≥ 0, Σz = r}} by bisection on the shift θ of {@code Σ max(v − θ, 0) = r}. */
    static double[] simplexProjection(double[] v, double r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        lo -= r;
        for (int it = 0; it < 400; it++) {
            double mid = (lo + hi) / 2;
            double s = 0;
            for (double x : v) {
                s += Math.max(x - mid, 0);
            }
            if (s > r) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double theta = (lo + hi) / 2;
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = Math.max(v[i] - theta, 0);
        }
        return p;
    }

    /** Solves {@code M x = b} by Gaussian elimination with partial pivoting (M is copied). */
    static double[] solve(double[][] mIn, double[] bIn) {
        int n = bIn.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = mIn[i].clone();
        }
        double[] b = bIn.clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] tr = m[c];
            m[c] = m[p];
            m[p] = tr;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[r][j] -= f * m[c][j];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int j = r + 1; j < n; j++) {
                s -= m[r][j] * x[j];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
