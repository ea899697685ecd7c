package org.panopt.algorithms.prox;

import org.panopt.core.array.Vec;

/**
 * The soft-thresholding-with-vanishing-shrinkage penalty (STVS; Schreck et al. 2015), the sparsity
 * penalty of the Monge–Bregman–Occam maps (Cuturi, Klein &amp; Ablin 2023, and OTT-JAX's
 * {@code ElasticSTVS}):
 * {@code τ(z) = γ² Σ_k [σ_k − ½e^{−2σ_k} + ½]}, {@code σ_k = asinh(|z_k|/(2γ))}, evaluated as
 * {@code γ² Σ_k [asinh(a_k) + a_k/(a_k + sqrt(1 + a_k²))]} with {@code a_k = |z_k|/(2γ)} (the same
 * number, without the cancellation of {@code ½ − ½e^{−2σ}} near 0). Its derivative is
 * {@code sign(z)·(sqrt(γ² + z²/4) − |z|/2)}: γ at 0⁺, vanishing for large |z| (hence "vanishing
 * shrinkage"); at 0 the gradient method returns 0, the least-norm subgradient of {@code [−γ, γ]}.
 * τ is not convex (it is concave on each half-line), but {@code ½(z − v)² + tτ(z)} is strictly convex
 * for t &lt; 2.
 *
 * <p>The prox {@code prox_{tτ}(v)}, coordinate by coordinate, is 0 for {@code |v| ≤ tγ}, and otherwise:
 * <ul>
 *   <li>{@code t = 1}: the closed form of the MBO paper, {@code v − s/v} with {@code s = γ²} (exact);</li>
 *   <li>{@code 0 < t < 2, t ≠ 1}: the exact root of the 1-D optimality condition
 *       {@code z − v + t(sqrt(γ² + z²/4) − z/2) = 0}, which squares to
 *       {@code (1 − t)z² − (2 − t)vz + v² − t²γ² = 0}; the root taken, in the form without cancellation
 *       near t = 1, is {@code 2(v² − t²γ²) / ((2 − t)v + t·sqrt(v² + 4(1 − t)γ²))} (for v &gt; 0; odd in v).
 *       SPEC §3a's rule "{@code v − s/v} with {@code s = (tγ)²}" is the prox of STVS with parameter tγ at
 *       step 1, which is not {@code prox_{tτ}} unless t = 1, so it is not used here;</li>
 *   <li>{@code t ≥ 2}: the prox objective is not convex; the global minimiser is found exactly by
 *       comparing its value at 0 and at the stationary points (the roots of the same quadratic), in
 *       scalar code.</li>
 * </ul>
 * Immutable; vectors must be contiguous float64.
 *
 * @param gamma γ &gt; 0
 */
public record Stvs(double gamma) implements Prox {

    public Stvs {
        if (!(gamma > 0 && gamma <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("STVS gamma must be finite and > 0, got " + gamma);
        }
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        int n = v.length();
        if (t == 0) {
            org.panopt.kernels.level1.Level1.dcopy(n, v.segment(), v.offset(), 1, out.segment(), out.offset(), 1);
        } else if (t == 1) {
            VectorLoops.stvsThreshold(n, gamma * gamma, v.segment(), v.offset(), out.segment(), out.offset());
        } else if (t < 2) {
            VectorLoops.stvsProx(n, t, gamma, v.segment(), v.offset(), out.segment(), out.offset());
        } else {
            for (int k = 0; k < n; k++) {
                out.set(k, nonConvexProx(v.get(k), t));
            }
        }
    }

    /** argmin over z of {@code ½(z − v)² + t·γ²φ(z)} for t ≥ 2: the best of 0 and the stationary points. */
    private double nonConvexProx(double v, double t) {
        double a = Math.abs(v);
        if (Double.isNaN(v)) {
            return v;
        }
        double best = 0;
        double disc = a * a + 4 * (1 - t) * gamma * gamma;
        if (disc >= 0) {
            // roots of (1 − t)z² − (2 − t)az + a² − t²γ² = 0; every z ≥ 0 root is a stationary point
            // since a − (1 − t/2)z ≥ 0 holds for t ≥ 2 (squaring added no root there)
            double root = t * Math.sqrt(disc);
            double z1 = ((2 - t) * a + root) / (2 * (1 - t));
            double z2 = ((2 - t) * a - root) / (2 * (1 - t));
            best = better(a, t, better(a, t, 0, z1), z2);
        }
        return Math.copySign(best, v);
    }

    /** Of the candidates {@code best} (≥ 0) and {@code z}, the one with the lower prox objective (z if > 0 and lower). */
    private double better(double a, double t, double best, double z) {
        return z > 0 && objective(z, a, t) < objective(best, a, t) ? z : best;
    }

    /** {@code ½(z − a)² + t·τ(z)} for one coordinate z ≥ 0. */
    private double objective(double z, double a, double t) {
        double u = z / (2 * gamma);
        double s = Math.sqrt(Math.fma(u, u, 1));
        return 0.5 * (z - a) * (z - a) + t * gamma * gamma * (Math.log1p(Math.fma(u / (1 + s), u, u)) + u / (u + s));
    }

    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        return gamma * gamma * VectorLoops.stvsValue(z.length(), gamma, z.segment(), z.offset());
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        VectorLoops.stvsGradient(z.length(), gamma, z.segment(), z.offset(), out.segment(), out.offset());
    }
}
