package org.panopt.algorithms.stochastic;

import java.lang.foreign.Arena;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * Binary logistic regression with a ridge term: {@code f_i(x) = log(1 + exp(−y_i a_iᵀx)) + (λ/2)‖x‖²},
 * labels y_i ∈ {−1, +1} (0/1 labels are read as −1/+1). scikit-learn's
 * {@code LogisticRegression(C, fit_intercept=False)} minimises the same mean with λ = 1/(C n).
 *
 * <p>The loss and its derivatives are evaluated without overflow for any margin:
 * {@code log(1 + e^u) = max(u, 0) + log1p(e^{−|u|})}.
 */
public final class LogisticRegression extends LinearModel {

    /**
     * @param features n × d
     * @param labels   n labels in {−1, +1} or {0, 1}
     * @param l2       λ ≥ 0
     * @param arena    owns scratch and, if the features are not row-major, their copy
     */
    public LogisticRegression(Matrix features, Vec labels, double l2, Arena arena) {
        super(features, signs(labels, arena), l2, arena);
    }

    private static Vec signs(Vec labels, Arena arena) {
        Vec s = Vec.allocate(arena, DType.F64, labels.length());
        boolean zeroOne = true;
        for (int i = 0; i < labels.length(); i++) {
            double y = labels.get(i);
            if (y != 0 && y != 1 && y != -1) {
                throw new IllegalArgumentException("label " + i + " is " + y + ": expected -1/+1 or 0/1");
            }
            zeroOne &= y != -1;
        }
        for (int i = 0; i < labels.length(); i++) {
            double y = labels.get(i);
            s.set(i, zeroOne ? 2 * y - 1 : y);
        }
        for (int i = 0; i < labels.length(); i++) {
            if (s.get(i) == 0) {
                throw new IllegalArgumentException("labels mix 0 with -1: expected -1/+1 or 0/1");
            }
        }
        return s;
    }

    @Override
    public double loss(int i, double margin) {
        double u = -target(i) * margin;
        return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
    }

    @Override
    public double derivative(int i, double margin) {
        double y = target(i);
        return -y * sigmoid(-y * margin);
    }

    @Override
    public double curvature(int i, double margin) {
        double s = sigmoid(margin);
        return s * (1 - s);
    }

    @Override
    public double curvatureBound() {
        return 0.25;
    }

    /** {@code 1/(1 + e^{−u})}, without overflow. */
    static double sigmoid(double u) {
        if (u >= 0) {
            return 1 / (1 + Math.exp(-u));
        }
        double e = Math.exp(u);
        return e / (1 + e);
    }
}
