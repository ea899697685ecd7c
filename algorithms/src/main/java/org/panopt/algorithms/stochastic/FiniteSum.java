package org.panopt.algorithms.stochastic;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.Vec;

/**
 * A finite sum {@code F(x) = (1/n) Σ_i f_i(x)} over x ∈ R^d, as the variance-reduced loops see it
 * (SPEC.md §4a). The one primitive is {@link #addGradient}: every per-sample, minibatch and full
 * gradient is built from it into a caller buffer, so nothing allocates.
 *
 * <p>Implementations may keep scratch space (then they are not thread-safe and say so). Vectors are
 * float64 views of length {@link #dimension()}; sample indices are in {@code [0, n)}.
 */
public interface FiniteSum {

    /** n, the number of terms. */
    int samples();

    /** d, the dimension of x. */
    int dimension();

    /** {@code F(x) = (1/n) Σ_i f_i(x)}. */
    double value(Vec x);

    /** {@code out ← out + weight·∇f_i(x)}. */
    void addGradient(Vec x, int i, double weight, Vec out);

    /**
     * An upper bound on the smoothness constant of every f_i (the largest Lipschitz constant of the
     * ∇f_i), used for default step sizes; {@code NaN} if unknown (then a step must be given).
     */
    default double smoothness() {
        return Double.NaN;
    }

    /**
     * The strong-convexity constant μ of F known from its form (e.g. the ridge weight), or 0.
     */
    default double strongConvexity() {
        return 0;
    }

    /** {@code out ← ∇f_i(x)}. */
    default void gradient(Vec x, int i, Vec out) {
        Blas.zero(out);
        addGradient(x, i, 1, out);
    }

    /** {@code out ← (1/m) Σ_k ∇f_{idx[k]}(x)} over {@code k ∈ [from, to)}, m = to − from > 0. */
    default void batchGradient(Vec x, int[] idx, int from, int to, Vec out) {
        if (from >= to) {
            throw new IllegalArgumentException("empty minibatch [" + from + ", " + to + ")");
        }
        Blas.zero(out);
        double w = 1.0 / (to - from);
        for (int k = from; k < to; k++) {
            addGradient(x, idx[k], w, out);
        }
    }

    /** {@code out ← ∇F(x)}. */
    default void fullGradient(Vec x, Vec out) {
        Blas.zero(out);
        int n = samples();
        double w = 1.0 / n;
        for (int i = 0; i < n; i++) {
            addGradient(x, i, w, out);
        }
    }
}
