package org.panopt.algorithms.optim.schedule;

/**
 * Step decay, PyTorch's {@code StepLR}: {@code lr · γ^⌊t / stepSize⌋}.
 *
 * @param lr       the initial learning rate ≥ 0
 * @param stepSize steps between decays, ≥ 1
 * @param gamma    the decay factor γ ∈ (0, 1] (PyTorch's default is 0.1)
 */
public record StepDecay(double lr, long stepSize, double gamma) implements Schedule {
    public StepDecay {
        ScheduleArgs.checkRate("lr", lr);
        ScheduleArgs.checkLength("stepSize", stepSize);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
    }

    @Override
    public double at(long t) {
        return lr * Math.pow(gamma, ScheduleArgs.checkStep(t) / stepSize);
    }
}
