package org.panopt.algorithms.landing;

import org.panopt.core.array.MatrixView;

/**
 * The objective f of a landing or Riemannian iteration, through its gradient. Implementations write
 * into the output they are given and allocate nothing: they are called from allocation-free
 * {@code step()} methods.
 *
 * @param <M> the matrix view type of the backend the iteration runs on
 */
@FunctionalInterface
public interface GradientOracle<M extends MatrixView<M>> {
    /**
     * Writes the gradient of f at {@code x} into {@code out} ({@code n × p} for
     * {@link GradientKind#EUCLIDEAN}, {@code p × p} for {@link GradientKind#RELATIVE}).
     *
     * @return f(x), or {@code NaN} if the oracle does not compute it
     */
    double gradient(M x, M out);

    /** What {@link #gradient} writes; Euclidean unless overridden. */
    default GradientKind kind() {
        return GradientKind.EUCLIDEAN;
    }
}
