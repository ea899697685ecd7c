package org.panopt.algorithms.stochastic;

import java.util.Objects;

/**
 * Settings of the variance-reduced loops ({@link Saga}, {@link Svrg}, {@link Sarah}).
 *
 * @param step     step size η; {@code NaN} (the default) picks the loop's rule from the problem's
 *                 smoothness L and strong convexity μ: SAGA {@code 1/(2L + min(2nμ, L))}
 *                 (scikit-learn's SAGA rule, after Defazio et al. 2014), SVRG {@code 1/(4L)}
 *                 (Xiao &amp; Zhang 2014, Prox-SVRG), SARAH {@code 1/(2L)} (Nguyen et al. 2017)
 * @param sampling how samples are drawn; default {@link Sampling#UNIFORM}
 * @param seed     seed of the sampler; default 0
 * @param period   SVRG: steps between snapshots, SARAH: inner-loop length (steps between full
 *                 gradients); ignored by SAGA. 0 (the default) means 2n for SVRG and n for SARAH
 */
public record StochasticOptions(double step, Sampling sampling, long seed, int period) {

    public StochasticOptions {
        Objects.requireNonNull(sampling, "sampling");
        if (!Double.isNaN(step) && !(step > 0 && step < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("step must be finite and > 0 (or NaN for the default), got " + step);
        }
        if (period < 0) {
            throw new IllegalArgumentException("period must be >= 0 (0 for the default), got " + period);
        }
    }

    /** Default step rule, uniform sampling, seed 0, default period. */
    public static StochasticOptions defaults() {
        return new StochasticOptions(Double.NaN, Sampling.UNIFORM, 0, 0);
    }

    public StochasticOptions withStep(double step) {
        return new StochasticOptions(step, sampling, seed, period);
    }

    public StochasticOptions withSampling(Sampling sampling) {
        return new StochasticOptions(step, sampling, seed, period);
    }

    public StochasticOptions withSeed(long seed) {
        return new StochasticOptions(step, sampling, seed, period);
    }

    public StochasticOptions withPeriod(int period) {
        return new StochasticOptions(step, sampling, seed, period);
    }
}
