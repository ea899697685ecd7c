package org.panopt.algorithms.prox;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.Vec;

/**
 * The elastic net τ(z) = λ₁‖z‖₁ + (λ₂/2)‖z‖²; its prox is soft-thresholding followed by a shrink:
 * {@code prox_{tτ}(v) = soft(v, tλ₁) / (1 + tλ₂)} (Zou &amp; Hastie 2005; the ℓ2 part is separable
 * and its prox commutes with the sign pattern of the ℓ1 part).
 *
 * <p>Convention for scikit-learn users: {@code LogisticRegression(penalty='elasticnet', C, l1_ratio)}
 * minimises the mean loss plus this τ with {@code λ₁ = l1_ratio/(C n)} and
 * {@code λ₂ = (1 − l1_ratio)/(C n)}.
 *
 * @param l1 λ₁ ≥ 0
 * @param l2 λ₂ ≥ 0
 */
public record ElasticNet(double l1, double l2) implements Prox {

    public ElasticNet {
        if (!(l1 >= 0 && l1 <= Double.MAX_VALUE) || !(l2 >= 0 && l2 <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("elastic-net weights must be finite and >= 0, got l1 = " + l1
                    + ", l2 = " + l2);
        }
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        Prox.checkArguments(v, t, out);
        Blas.softThreshold(v, t * l1, out);
        Blas.scal(1 / (1 + t * l2), out);
    }

    @Override
    public double value(Vec z) {
        double n = Blas.nrm2(z);
        return l1 * Blas.asum(z) + 0.5 * l2 * n * n;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    /** {@code λ₁·sign(z) + λ₂·z}, with {@code sign(0) = 0} (the least-norm subgradient). */
    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        VectorLoops.signScale(z.length(), l1, l2, z.segment(), z.offset(), out.segment(), out.offset());
    }
}
