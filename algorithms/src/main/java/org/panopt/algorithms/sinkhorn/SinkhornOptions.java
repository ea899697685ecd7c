package org.panopt.algorithms.sinkhorn;

import org.panopt.algorithms.parallel.FixedPool;

/**
 * Options of the Sinkhorn solver (SPEC §2a–b). Start from {@link #defaults()} and change what you
 * need with the {@code with…} methods.
 *
 * @param epsilon          regularisation ε of the rescaled cost; {@code NaN} (default) means
 *                         {@code 0.05·std(C / scale)}, OTT's convention
 * @param costScaling      rescaling of the cost (default {@link CostScaling#NONE})
 * @param threshold        stop when the marginal error is below this (default 1e-3, like OTT); ≤ 0 never stops early
 * @param maxIterations    iteration cap (default 2000); one iteration updates g then f
 * @param checkEvery       the error is measured every this many iterations (default 10: it costs one more pass)
 * @param epsilonInit      ε-scaling start factor ε0 of {@code ε_t = max(ε0·decay^t, 1)·ε} (default 1: no scaling)
 * @param epsilonDecay     ε-scaling decay (default 1)
 * @param momentum         over-relaxation weight w of {@code x ← (1 − w)x_old + w x_new} (default 1: none)
 * @param adaptiveMomentum adapt w from successive errors, {@code w = 2/(1 + sqrt(1 − r^{1/k}))},
 *                         {@code r = min(err_k/err_{k−1}, 0.99)} (Lehmann et al.; default false)
 * @param anderson         Anderson acceleration memory on f (0: off, the default; OTT uses 2)
 * @param andersonRidge    ridge of Anderson's linear system (default 1e-2)
 * @param tau              unbalanced marginals: {@code τ = ρ/(ρ + ε)} ∈ (0, 1]; 1 (default) is balanced
 * @param kernelDomain     iterate on scalings {@code u = a/(Kv)}, {@code v = b/(Kᵀu)} with a materialised
 *                         {@code K = exp(−C/ε)} (two matrix–vector products per iteration; for large ε;
 *                         underflow is detected and reported as divergence). Default false (log domain).
 * @param pool             threads for the reductions (rows and columns are split between them; results
 *                         equal the single-thread ones up to summation order); null (default) is one thread
 * @param plan             materialise the plan P in the result (default false)
 */
public record SinkhornOptions(double epsilon, CostScaling costScaling, double threshold, int maxIterations,
                              int checkEvery, double epsilonInit, double epsilonDecay, double momentum,
                              boolean adaptiveMomentum, int anderson, double andersonRidge, double tau,
                              boolean kernelDomain, FixedPool pool, boolean plan) {
    public SinkhornOptions {
        if (costScaling == null) {
            throw new IllegalArgumentException("costScaling is null");
        }
        if (!Double.isNaN(epsilon) && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be > 0 and finite (or NaN for the default), got " + epsilon);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (checkEvery < 1) {
            throw new IllegalArgumentException("checkEvery must be >= 1, got " + checkEvery);
        }
        if (!(epsilonInit >= 1 && Double.isFinite(epsilonInit)) || !(epsilonDecay > 0 && epsilonDecay <= 1)) {
            throw new IllegalArgumentException("epsilon scaling needs epsilonInit >= 1 and 0 < epsilonDecay <= 1, got "
                    + epsilonInit + " and " + epsilonDecay);
        }
        if (!(momentum > 0 && momentum < 2)) {
            throw new IllegalArgumentException("momentum must be in (0, 2), got " + momentum);
        }
        if (anderson < 0) {
            throw new IllegalArgumentException("anderson memory must be >= 0, got " + anderson);
        }
        if (!(andersonRidge >= 0)) {
            throw new IllegalArgumentException("andersonRidge must be >= 0, got " + andersonRidge);
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
        }
        if (kernelDomain && (epsilonInit != 1 || momentum != 1 || adaptiveMomentum || anderson > 0)) {
            throw new IllegalArgumentException("the kernel-domain iteration takes no epsilon scaling, momentum or"
                    + " Anderson acceleration (its kernel is built for one ε): use the log-domain iteration");
        }
    }

    /** The SPEC defaults: ε = 0.05·std(C), threshold 1e-3, 2000 iterations, error every 10, log domain, one thread. */
    public static SinkhornOptions defaults() {
        return new SinkhornOptions(Double.NaN, CostScaling.NONE, 1e-3, 2000, 10, 1, 1, 1, false, 0, 1e-2, 1, false,
                null, false);
    }

    public SinkhornOptions withEpsilon(double e) {
        return new SinkhornOptions(e, costScaling, threshold, maxIterations, checkEvery, epsilonInit, epsilonDecay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    public SinkhornOptions withCostScaling(CostScaling s) {
        return new SinkhornOptions(epsilon, s, threshold, maxIterations, checkEvery, epsilonInit, epsilonDecay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    public SinkhornOptions withThreshold(double t) {
        return new SinkhornOptions(epsilon, costScaling, t, maxIterations, checkEvery, epsilonInit, epsilonDecay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    public SinkhornOptions withMaxIterations(int n) {
        return new SinkhornOptions(epsilon, costScaling, threshold, n, checkEvery, epsilonInit, epsilonDecay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    public SinkhornOptions withCheckEvery(int k) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, k, epsilonInit, epsilonDecay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    /** ε-scaling {@code ε_t = max(init·decay^t, 1)·ε}. */
    public SinkhornOptions withEpsilonScaling(double init, double decay) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, init, decay,
                momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    /** A fixed over-relaxation weight. */
    public SinkhornOptions withMomentum(double w) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, w, false, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    /** Over-relaxation adapted from the ratio of successive errors. */
    public SinkhornOptions withAdaptiveMomentum() {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, true, anderson, andersonRidge, tau, kernelDomain, pool, plan);
    }

    /** Anderson acceleration with the given memory (OTT's default is 2) and ridge (1e-2). */
    public SinkhornOptions withAnderson(int memory, double ridge) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, adaptiveMomentum, memory, ridge, tau, kernelDomain, pool, plan);
    }

    /** Unbalanced marginals with {@code τ = ρ/(ρ + ε)}. */
    public SinkhornOptions withTau(double t) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, adaptiveMomentum, anderson, andersonRidge, t, kernelDomain, pool, plan);
    }

    public SinkhornOptions withKernelDomain(boolean k) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, adaptiveMomentum, anderson, andersonRidge, tau, k, pool, plan);
    }

    /** Runs the reductions on {@code p}'s threads (the pool stays the caller's to close). */
    public SinkhornOptions withPool(FixedPool p) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, p, plan);
    }

    public SinkhornOptions withPlan(boolean p) {
        return new SinkhornOptions(epsilon, costScaling, threshold, maxIterations, checkEvery, epsilonInit,
                epsilonDecay, momentum, adaptiveMomentum, anderson, andersonRidge, tau, kernelDomain, pool, p);
    }

    /** {@code τ = ρ/(ρ + ε)} for a KL marginal penalty of strength ρ. */
    public static double tauFor(double rho, double epsilon) {
        return rho == Double.POSITIVE_INFINITY ? 1 : rho / (rho + epsilon);
    }
}
