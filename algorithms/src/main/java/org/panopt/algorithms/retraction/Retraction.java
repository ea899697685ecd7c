package org.panopt.algorithms.retraction;

import org.panopt.core.array.MatrixView;

/**
 * Maps a point near the Stiefel manifold back onto it, in place: {@code Y ← R(Y)}. For a Riemannian
 * step, {@code Y = X − η grad f(X)} (SPEC §1d). Implementations are sized once and allocate nothing.
 *
 * @param <M> the matrix view type
 */
public interface Retraction<M extends MatrixView<M>> {
    /** Replaces the {@code n × p} matrix {@code y} (full column rank) by its retraction. */
    void retract(M y);

    /** A short name for reports: {@code qr-lapack}, {@code qr-java}, {@code polar-svd}, {@code polar-newton-schulz}. */
    String name();
}
