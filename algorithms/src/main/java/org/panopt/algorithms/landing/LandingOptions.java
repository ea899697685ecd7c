package org.panopt.algorithms.landing;

import java.util.Objects;
import org.panopt.algorithms.optim.schedule.Constant;
import org.panopt.algorithms.optim.schedule.Schedule;

/**
 * Options of {@link StiefelLanding} (SPEC §1a, §1b).
 *
 * @param schedule       learning rate η per step (the requested step; the safe step may shorten it)
 * @param lambda         λ > 0, the weight of the normal (attraction) term; default 1
 * @param eps            ε ∈ (0, 1), the distance to the manifold the safe step keeps; default 0.5
 * @param safeStep       cap η by {@link SafeStep#eta} each step; default on
 * @param momentum       heavy-ball coefficient μ ∈ [0, 1) on the relative-gradient term Ψ; default 0.
 *                       With μ &gt; 0 the safe step no longer guarantees {@code ‖XᵀX − I‖ ≤ ε}
 * @param projectStart   replace the start point by its polar factor (closest point on the manifold)
 *                       before the first step; default off
 * @param reprojectEvery re-project the iterate onto the manifold (polar factor) every that many
 *                       steps, for very long runs; 0 (default) never
 * @param seed           seed of the minibatch sampler of the stochastic and SAGA variants; default 1
 */
public record LandingOptions(Schedule schedule, double lambda, double eps, boolean safeStep, double momentum,
                             boolean projectStart, long reprojectEvery, long seed) {
    public LandingOptions {
        Objects.requireNonNull(schedule, "schedule");
        Args.positive("lambda", lambda);
        if (!(eps > 0 && eps < 1)) {
            throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
        }
        Args.unitInterval("momentum", momentum);
        Args.nonNegative("reprojectEvery", reprojectEvery);
    }

    /** Constant step η, λ = 1, ε = 0.5, safe step on, no momentum, no projections, seed 1. */
    public static LandingOptions defaults(double eta) {
        return new LandingOptions(new Constant(eta), 1, 0.5, true, 0, false, 0, 1);
    }

    public LandingOptions withSchedule(Schedule v) {
        return new LandingOptions(v, lambda, eps, safeStep, momentum, projectStart, reprojectEvery, seed);
    }

    public LandingOptions withLambda(double v) {
        return new LandingOptions(schedule, v, eps, safeStep, momentum, projectStart, reprojectEvery, seed);
    }

    public LandingOptions withEps(double v) {
        return new LandingOptions(schedule, lambda, v, safeStep, momentum, projectStart, reprojectEvery, seed);
    }

    public LandingOptions withSafeStep(boolean v) {
        return new LandingOptions(schedule, lambda, eps, v, momentum, projectStart, reprojectEvery, seed);
    }

    public LandingOptions withMomentum(double v) {
        return new LandingOptions(schedule, lambda, eps, safeStep, v, projectStart, reprojectEvery, seed);
    }

    public LandingOptions withProjectStart(boolean v) {
        return new LandingOptions(schedule, lambda, eps, safeStep, momentum, v, reprojectEvery, seed);
    }

    public LandingOptions withReprojectEvery(long v) {
        return new LandingOptions(schedule, lambda, eps, safeStep, momentum, projectStart, v, seed);
    }

    public LandingOptions withSeed(long v) {
        return new LandingOptions(schedule, lambda, eps, safeStep, momentum, projectStart, reprojectEvery, v);
    }
}
