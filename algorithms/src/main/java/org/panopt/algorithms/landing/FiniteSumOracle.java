package org.panopt.algorithms.landing;

import org.panopt.core.array.MatrixView;

/**
 * A finite sum {@code f = (1/N) Σ_i f_i} (N minibatches), for stochastic and SAGA landing
 * (SPEC §1b). Implementations write into the output they are given and allocate nothing.
 *
 * @param <M> the matrix view type of the backend the iteration runs on
 */
public interface FiniteSumOracle<M extends MatrixView<M>> {
    /** N, the number of terms (minibatches). */
    int terms();

    /**
     * Writes the gradient of {@code f_term} at {@code x} into {@code out} (shape as in
     * {@link GradientOracle#gradient}).
     *
     * @return f_term(x), or {@code NaN} if the oracle does not compute it
     */
    double gradient(M x, int term, M out);

    /** What {@link #gradient} writes; Euclidean unless overridden. */
    default GradientKind kind() {
        return GradientKind.EUCLIDEAN;
    }
}
