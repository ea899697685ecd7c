package org.panopt.algorithms.sinkhorn;

import java.util.Optional;
import org.panopt.core.array.Matrix;

/**
 * What a Sinkhorn solve produced, for the rescaled cost {@code C' = C / costScale}. Immutable: the
 * potential arrays are copied on the way in and out, the plan is a read-only view.
 *
 * <p>Conventions: {@code P_ij = exp((f_i + g_j − C'_ij)/ε)}; entropy
 * {@code H(P) = −Σ P_ij (log P_ij − 1)} (Peyré &amp; Cuturi, eq. 4.1), so that at convergence of a
 * balanced problem {@code dual = transportCost − ε·(H − 1)}.
 *
 * @param f                  source potential (length n)
 * @param g                  target potential (length m)
 * @param transportCost      {@code ⟨P, C'⟩}
 * @param dual               balanced: {@code ⟨f, a⟩ + ⟨g, b⟩} (SPEC §2a); unbalanced (KL strength ρ):
 *                           {@code ρ⟨a, 1 − e^{−f/ρ}⟩ + ρ⟨b, 1 − e^{−g/ρ}⟩ − ε(Σ P − 1)}
 * @param entropy            {@code H(P)} as above
 * @param rowMarginalError   {@code ‖P1 − a‖₁} (unbalanced: {@code ‖P1 − a·e^{−f/ρ}‖₁})
 * @param colMarginalError   {@code ‖Pᵀ1 − b‖₁} (unbalanced: {@code ‖Pᵀ1 − b·e^{−g/ρ}‖₁})
 * @param error              the stopping criterion at the last check (SPEC: column error; unbalanced: the sum of both)
 * @param iterations         iterations run (one iteration updates g then f)
 * @param converged          whether {@code error < threshold} at the target ε
 * @param epsilon            ε of the rescaled cost
 * @param costScale          the cost was divided by this
 * @param plan               P as an {@code n × m} float64 read-only matrix, if it was asked for
 */
public record SinkhornResult(double[] f, double[] g, double transportCost, double dual, double entropy,
                             double rowMarginalError, double colMarginalError, double error, int iterations,
                             boolean converged, double epsilon, double costScale, Matrix plan) {
    public SinkhornResult {
        f = f.clone();
        g = g.clone();
    }

    @Override
    public double[] f() {
        return f.clone();
    }

    @Override
    public double[] g() {
        return g.clone();
    }

    /** The plan, present only if {@link SinkhornOptions#plan()} asked for it. */
    public Optional<Matrix> planIfComputed() {
        return Optional.ofNullable(plan);
    }

    /** The primal objective {@code ⟨P, C'⟩ − ε·H(P)}. */
    public double primal() {
        return transportCost - epsilon * entropy;
    }
}
