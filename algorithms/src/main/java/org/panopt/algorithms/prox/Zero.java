package org.panopt.algorithms.prox;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.Vec;

/** τ = 0: the prox is the identity. What the proximal loops use when there is no penalty. */
public record Zero() implements Prox {

    @Override
    public void prox(Vec v, double t, Vec out) {
        Prox.checkArguments(v, t, out);
        Blas.copy(v, out);
    }

    @Override
    public double value(Vec z) {
        return 0;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        Blas.zero(out);
    }
}
