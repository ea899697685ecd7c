package org.panopt.algorithms.optim;

import java.util.Objects;

/**
 * The EMA Scaling Rule (Busbridge, Ramapuram, Ablin, Likhomanenko, Dhekane, Suau &amp; Webb, "How to
 * Scale Your EMA", NeurIPS 2023, arXiv 2307.13813): when the batch size B is
 * multiplied by κ, use the model-EMA momentum {@code ρ̂ = ρ^κ} and scale the optimiser's own
 * hyperparameters by <em>its</em> scaling rule; the run then takes κ times fewer steps (every step
 * count — schedule lengths, warm-up — is divided by κ, {@link Scaled#steps(long)}).
 *
 * <p>The optimiser rules used here:
 * <ul>
 *   <li>SGD: the linear scaling rule {@code η̂ = κ η} (Goyal et al. 2017); momentum μ, dampening and
 *       L2 weight decay are kept (the decay is part of the gradient, so it is scaled with η).</li>
 *   <li>Adam / AdamW / AMSGrad: the square-root scaling rule of Malladi, Lyu, Panigrahi &amp; Arora
 *       ("On the SDEs and Scaling Rules for Adaptive Gradient Algorithms", NeurIPS 2022):
 *       {@code η̂ = √κ η, 1 − β̂₁ = κ (1 − β₁), 1 − β̂₂ = κ (1 − β₂), ε̂ = ε / √κ}. L2 weight decay is
 *       part of the gradient and kept. For AdamW's <em>decoupled</em> decay this class uses
 *       {@code λ̂ = √κ λ}, so that η̂λ̂ = κηλ and the decay per sample seen is unchanged to first
 *       order; that choice is derived here, it is not a statement of either paper.</li>
 * </ul>
 *
 * <p><b>When the rule holds.</b> It is derived from a stochastic differential equation (SDE)
 * approximation of the joint optimiser–EMA dynamics, so it is a small-step statement: the scaled
 * run tracks the base run (as a function of samples seen) while the base learning rate is small,
 * 1 − ρ is small (ρ close to 1), and κ is moderate — it degrades as κη (SGD) or κ(1 − β) (Adam)
 * stop being small, and it inherits every failure of the optimiser's own rule (linear scaling for
 * SGD is known to break at large batch, e.g. without warm-up). It is exact in one case: with θ
 * fixed, κ EMA steps at ρ equal one at ρ^κ. It cannot be applied at all when κ(1 − β) ≥ 1 (no
 * valid β̂): this class then throws. Busbridge et al. also report it holding when the EMA takes part
 * in the optimisation (pseudo-labelling, BYOL-style self-supervision up to batch size 24,576); those
 * regimes are not tested here.
 */
public final class EmaScaling {
    private EmaScaling() {
    }

    /**
     * A scaled setting.
     *
     * @param kappa     the scale κ = B̂ / B
     * @param batchSize B̂ = κ B
     * @param rho       ρ̂ = ρ^κ
     * @param optimizer the optimiser's scaled hyperparameters
     * @param <O>       the optimiser's options type
     */
    public record Scaled<O>(double kappa, long batchSize, double rho, O optimizer) {
        /** A step count of the base run expressed in steps of the scaled run: {@code round(steps / κ)}, at least 1 if steps &gt; 0. */
        public long steps(long baseSteps) {
            if (baseSteps < 0) {
                throw new IllegalArgumentException("negative step count " + baseSteps);
            }
            long s = Math.round(baseSteps / kappa);
            return baseSteps > 0 ? Math.max(1, s) : 0;
        }
    }

    /** ρ̂ = ρ^κ. */
    public static double momentum(double rho, double kappa) {
        Validate.unitInterval("EMA momentum rho", rho);
        return Math.pow(rho, checkKappa(kappa));
    }

    /** The EMA rule with SGD's linear learning-rate scaling. */
    public static Scaled<Sgd.Options> sgd(long batchSize, double rho, Sgd.Options base, double kappa) {
        Objects.requireNonNull(base, "base SGD options");
        long b = scaledBatch(batchSize, kappa);
        return new Scaled<>(kappa, b, momentum(rho, kappa), base.withLr(base.lr() * kappa));
    }

    /**
     * The EMA rule with Adam's square-root scaling (see the class comment).
     *
     * @throws IllegalArgumentException if κ(1 − β₁) ≥ 1 or κ(1 − β₂) ≥ 1 (no valid scaled β)
     */
    public static Scaled<Adam.Options> adam(long batchSize, double rho, Adam.Options base, double kappa) {
        Objects.requireNonNull(base, "base Adam options");
        long b = scaledBatch(batchSize, kappa);
        double root = Math.sqrt(kappa);
        double beta1 = scaledBeta("beta1", base.beta1(), kappa);
        double beta2 = scaledBeta("beta2", base.beta2(), kappa);
        double wd = base.decoupled() ? base.weightDecay() * root : base.weightDecay();
        Adam.Options o = new Adam.Options(base.lr() * root, beta1, beta2, base.eps() / root, wd, base.decoupled(),
                base.amsgrad());
        return new Scaled<>(kappa, b, momentum(rho, kappa), o);
    }

    private static double scaledBeta(String name, double beta, double kappa) {
        double oneMinus = kappa * (1.0 - beta);
        if (oneMinus >= 1) {
            throw new IllegalArgumentException("the square-root rule needs kappa (1 - " + name + ") < 1, got kappa = "
                    + kappa + ", " + name + " = " + beta + ": the scale is too large for this " + name);
        }
        return 1.0 - oneMinus;
    }

    private static double checkKappa(double kappa) {
        Validate.positive("scale kappa", kappa);
        return kappa;
    }

    private static long scaledBatch(long batchSize, double kappa) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("base batch size must be >= 1, got " + batchSize);
        }
        checkKappa(kappa);
        double b = batchSize * kappa;
        long r = Math.round(b);
        if (r < 1 || Math.abs(b - r) > 1e-9 * Math.max(1, b)) {
            throw new IllegalArgumentException("kappa * batch size must be a whole number >= 1, got " + batchSize
                    + " * " + kappa + " = " + b);
        }
        return r;
    }
}
