package org.panopt.algorithms.stochastic;

import java.lang.foreign.Arena;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * Least squares with a ridge term: {@code f_i(x) = ½(a_iᵀx − b_i)² + (λ/2)‖x‖²}, so
 * {@code F(x) = ‖Ax − b‖²/(2n) + (λ/2)‖x‖²}. (scikit-learn's {@code Ridge(alpha)} with the SAG/SAGA
 * solvers minimises the same function with λ = alpha/n.)
 */
public final class LeastSquares extends LinearModel {

    /**
     * @param features n × d
     * @param targets  b, n finite values
     * @param l2       λ ≥ 0
     * @param arena    owns scratch and, if the features are not row-major, their copy
     */
    public LeastSquares(Matrix features, Vec targets, double l2, Arena arena) {
        super(features, targets, l2, arena);
    }

    @Override
    public double loss(int i, double margin) {
        double r = margin - target(i);
        return 0.5 * r * r;
    }

    @Override
    public double derivative(int i, double margin) {
        return margin - target(i);
    }

    @Override
    public double curvature(int i, double margin) {
        return 1;
    }

    @Override
    public double curvatureBound() {
        return 1;
    }
}
