package org.panopt.algorithms.bilevel;

import java.util.Objects;

/**
 * Settings of the bilevel loops ({@link Saba}, {@link Srba}, {@link Soba}); the defaults are those of
 * SPEC.md §4b and benchopt's benchmark_bilevel.
 *
 * @param step           inner step ρ (for z and v); default 0.1
 * @param outerRatio     ρ/γ, so the outer step is {@code γ = ρ/outerRatio}; default 1.
 *                       {@code +∞} freezes x (γ = 0): the loop then solves the inner and adjoint
 *                       problems at a fixed x and tracks the hypergradient there
 * @param batchSize      samples per batch, for both levels (capped at n); default 64
 * @param seed           seed of the batch-order shuffles; default 0
 * @param memoryInit     SABA: zero or full initial tables; default {@link MemoryInit#ZERO}
 * @param periodFraction SRBA: full directions every {@code q = (n_in + n_out)·periodFraction/batch}
 *                       iterations (at least 1); default 0.5
 * @param innerDecay     exponent a of a decreasing inner step {@code ρ_t = ρ/(t + 1)^a}; default 0
 * @param outerDecay     exponent b of a decreasing outer step {@code γ_t = γ/(t + 1)^b}; default 0
 */
public record BilevelOptions(double step, double outerRatio, int batchSize, long seed, MemoryInit memoryInit,
                             double periodFraction, double innerDecay, double outerDecay) {

    public BilevelOptions {
        Objects.requireNonNull(memoryInit, "memoryInit");
        if (!(step > 0 && step < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("step must be finite and > 0, got " + step);
        }
        if (!(outerRatio > 0)) {
            throw new IllegalArgumentException("outerRatio must be > 0 (+inf freezes x), got " + outerRatio);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(periodFraction > 0 && periodFraction < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("periodFraction must be finite and > 0, got " + periodFraction);
        }
        if (!(innerDecay >= 0 && innerDecay <= 1) || !(outerDecay >= 0 && outerDecay <= 1)) {
            throw new IllegalArgumentException("step decay exponents must be in [0, 1], got " + innerDecay + " and "
                    + outerDecay);
        }
    }

    /** step 0.1, outer ratio 1, batch 64, seed 0, zero memory, period fraction 0.5, constant steps. */
    public static BilevelOptions defaults() {
        return new BilevelOptions(0.1, 1, 64, 0, MemoryInit.ZERO, 0.5, 0, 0);
    }

    public BilevelOptions withStep(double step) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withOuterRatio(double outerRatio) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withBatchSize(int batchSize) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withSeed(long seed) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withMemoryInit(MemoryInit memoryInit) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withPeriodFraction(double periodFraction) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }

    public BilevelOptions withDecay(double innerDecay, double outerDecay) {
        return new BilevelOptions(step, outerRatio, batchSize, seed, memoryInit, periodFraction, innerDecay, outerDecay);
    }
}
