package org.panopt.algorithms.prox;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.Vec;

/**
 * τ(z) = λ‖z‖₁; its prox is soft-thresholding at tλ: {@code sign(v)·max(|v| − tλ, 0)}; its gradient
 * (used by the costs of {@code org.panopt.algorithms.bregman}) is {@code λ·sign(z)}.
 *
 * @param weight λ ≥ 0
 */
public record L1(double weight) implements Prox {

    public L1 {
        if (!(weight >= 0 && weight <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("l1 weight must be finite and >= 0, got " + weight);
        }
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        Prox.checkArguments(v, t, out);
        Blas.softThreshold(v, t * weight, out);
    }

    @Override
    public double value(Vec z) {
        return weight * Blas.asum(z);
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    /** {@code λ·sign(z)}, with {@code sign(0) = 0} (the least-norm subgradient). */
    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        VectorLoops.signScale(z.length(), weight, 0, z.segment(), z.offset(), out.segment(), out.offset());
    }
}
