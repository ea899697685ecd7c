package org.panopt.algorithms.retraction;

import org.panopt.algorithms.landing.PolarProjection;
import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * The polar retraction by Newton–Schulz iterations ({@link PolarProjection}): products only, so it
 * runs on any backend (device matrices included) and needs no LAPACK. After a gradient step from a
 * point on the manifold, {@code ‖YᵀY − I‖ = η²‖grad‖²} is small and a few iterations reach round-off.
 *
 * @param <M> the matrix view type
 */
public final class NewtonSchulzPolar<M extends MatrixView<M>> implements Retraction<M> {
    private final PolarProjection<M> polar;

    /** Sized for {@code n × p} matrices of {@code dtype}. */
    public NewtonSchulzPolar(Backend<M> backend, Workspace ws, DType dtype, int n, int p) {
        this.polar = new PolarProjection<>(backend, ws, dtype, n, p);
    }

    @Override
    public void retract(M y) {
        polar.project(y);
    }

    @Override
    public String name() {
        return "polar-newton-schulz";
    }
}
