package org.panopt.algorithms.optim.schedule;

import java.util.Objects;

/**
 * Linear warm-up in front of any schedule: for {@code t < W} the rate rises linearly from
 * {@code startFactor · after(0)} towards {@code after(0)},
 * {@code after(0) · (s + (1 − s) t / W)} (PyTorch's {@code LinearLR} with {@code end_factor = 1}),
 * then {@code after(t − W)} (as PyTorch's {@code SequentialLR} hands over at milestone W).
 *
 * @param warmupSteps W ≥ 1
 * @param startFactor s ∈ [0, 1]; a common choice is 0 or 1/W
 * @param after       the schedule that follows (its step 0 is the first step after warm-up)
 */
public record LinearWarmup(long warmupSteps, double startFactor, Schedule after) implements Schedule {
    public LinearWarmup {
        ScheduleArgs.checkLength("warmupSteps", warmupSteps);
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("startFactor must be in [0, 1], got " + startFactor);
        }
        Objects.requireNonNull(after, "after");
    }

    @Override
    public double at(long t) {
        ScheduleArgs.checkStep(t);
        if (t < warmupSteps) {
            return after.at(0) * (startFactor + (1 - startFactor) * t / (double) warmupSteps);
        }
        return after.at(t - warmupSteps);
    }
}
