package org.panopt.algorithms.landing;

/**
 * The landing safe step (Ablin &amp; Peyré 2022, Prop. 4 / Lemma 2; Ablin, Vary, Gao &amp; Absil
 * 2023, Lemma 4.2): the largest η for which the iterate {@code X − ηΛ} stays within distance ε of
 * the Stiefel manifold, {@code ‖XᵀX − I‖ ≤ ε}.
 *
 * <p>Why it holds: with {@code Δ = XᵀX − I}, {@code d = ‖Δ‖} and {@code Λ = Ψ + λXΔ} where
 * {@code XᵀΨ} is skew, {@code Δ' = Δ − 2ηλ(I + Δ)Δ + η²ΛᵀΛ}. If {@code ηλ ≤ 1/2} every eigenvalue of
 * {@code I − 2ηλ(I + Δ)} lies in {@code [−(1 − 2ηλ(1 − d)), 1 − 2ηλ(1 − d)]}, so
 * {@code ‖Δ'‖ ≤ d − 2ηλ d(1 − d) + η²‖Λ‖²}; that is at most ε for η up to the positive root of
 * {@code αη² − 2βη + (d − ε)} with {@code β = λd(1 − d)}, {@code α = ‖Λ‖²}. Hence the cap
 * {@code η ≤ 1/(2λ)} (as in the orthogonal-group reference code) is part of the guarantee, and so is
 * the skew structure: heavy-ball momentum on Ψ voids it.
 */
public final class SafeStep {
    /** Added to α = ‖Λ‖², as in the reference code: keeps the bound finite at a stationary point. */
    public static final double ALPHA_FLOOR = 1e-7;

    private SafeStep() {
    }

    /**
     * The safe step {@code min((β + sqrt(β² + α·max(ε − d, 0))) / α, 1/(2λ))}, with
     * {@code β = λd(1 − d)} and {@code α = g² + 1e-7} (SPEC §1a).
     *
     * @param d      distance to the manifold {@code ‖XᵀX − I‖}
     * @param g      norm of the landing field {@code ‖Λ‖}
     * @param lambda the landing λ (positive)
     * @param eps    the tolerated distance ε, in (0, 1)
     * @return the largest safe η; 0 when {@code d ≥ 1} (no step shrinks the distance there)
     */
    public static double eta(double d, double g, double lambda, double eps) {
        double beta = lambda * d * (1 - d);
        double alpha = g * g + ALPHA_FLOOR;
        double eta = (beta + Math.sqrt(beta * beta + alpha * Math.max(eps - d, 0))) / alpha;
        return Math.max(0, Math.min(eta, 0.5 / lambda));
    }
}
