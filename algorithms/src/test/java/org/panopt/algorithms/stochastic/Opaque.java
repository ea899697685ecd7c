package org.panopt.algorithms.stochastic;

import org.panopt.core.array.Vec;

/** Hides that a finite sum is a {@link LinearModel}, so the loops take their generic d-vector path. */
record Opaque(FiniteSum inner) implements FiniteSum {
    @Override
    public int samples() {
        return inner.samples();
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public double value(Vec x) {
        return inner.value(x);
    }

    @Override
    public void addGradient(Vec x, int i, double weight, Vec out) {
        inner.addGradient(x, i, weight, out);
    }

    @Override
    public double smoothness() {
        return inner.smoothness();
    }

    @Override
    public double strongConvexity() {
        return inner.strongConvexity();
    }
}
