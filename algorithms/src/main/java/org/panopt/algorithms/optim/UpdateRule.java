package org.panopt.algorithms.optim;

import org.panopt.core.array.Vec;

/**
 * A first-order optimiser over one flat parameter vector: {@link #step} reads the gradient and
 * updates the parameters in place, using state buffers the rule allocated once at construction.
 * Implementations allocate nothing per step once the JIT has compiled them.
 */
public interface UpdateRule {
    /**
     * One update {@code θ ← rule(θ, g)}. {@code params} is written in place; {@code grad} is only
     * read. Both must be contiguous, of the rule's dtype and of {@link #size()} elements.
     *
     * @throws IllegalArgumentException on a length, dtype or stride mismatch (nothing is written)
     * @throws IllegalStateException if the memory behind a view was freed
     */
    void step(Vec params, Vec grad);

    /** Number of parameters this rule was built for. */
    int size();

    /** Steps taken so far. */
    long iterations();

    /** The learning rate the next step will use. */
    double learningRate();

    /**
     * Sets the learning rate of the following steps (a schedule calls this before each step).
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    void setLearningRate(double lr);
}
