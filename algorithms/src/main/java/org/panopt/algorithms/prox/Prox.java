package org.panopt.algorithms.prox;

import org.panopt.core.array.Vec;

/**
 * A proximal operator over d-vectors: for a convex penalty τ (its parameters held by the object),
 * {@code prox_{tτ}(v) = argmin_z ½‖z − v‖² + t·τ(z)}.
 *
 * <p>Contract shared by every implementation (SPEC.md §3a):
 * <ul>
 *   <li>{@link #prox} writes into {@code out}, which may be the very same view as {@code v}
 *       (in place); any other overlap is the caller's error. Lengths must agree.</li>
 *   <li>{@code t ≥ 0} is the step (scale) of the penalty; {@code t = 0} returns {@code v}.</li>
 *   <li>Calls allocate nothing once warmed up: they run inside allocation-free {@code step()}s.</li>
 *   <li>Objects are immutable and may be shared between threads unless a class says otherwise
 *       (penalties that need scratch space, e.g. sorting, own it and say so).</li>
 * </ul>
 */
public interface Prox {

    /** {@code out ← prox_{tτ}(v)}. */
    void prox(Vec v, double t, Vec out);

    /** The penalty's value {@code τ(z)} (without the step t). */
    double value(Vec z);

    /**
     * Whether {@link #gradient} is implemented: a translation-invariant cost
     * {@code h = ½‖·‖² + γτ} needs {@code ∇τ} for {@code ∇h} (SPEC §3); indicator penalties have none.
     */
    default boolean hasGradient() {
        return false;
    }

    /**
     * {@code out ← ∇τ(z)} where τ is differentiable, and otherwise the member of the subdifferential
     * {@code ∂τ(z)} that the class documents (the one of least norm, e.g. 0 for {@code |·|} at 0, as
     * automatic differentiation of {@code sign} gives). Same argument rules as {@link #prox}
     * ({@code out} may be {@code z}).
     *
     * @throws UnsupportedOperationException if {@link #hasGradient()} is false
     */
    default void gradient(Vec z, Vec out) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no gradient (an indicator penalty)");
    }

    /** Checks the arguments every implementation shares; returns nothing, throws on misuse. */
    static void checkArguments(Vec v, double t, Vec out) {
        if (v.length() != out.length()) {
            throw new IllegalArgumentException("prox: input has " + v.length() + " elements, output " + out.length());
        }
        if (!(t >= 0 && t <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("prox: step t must be finite and >= 0, got " + t);
        }
    }
}
