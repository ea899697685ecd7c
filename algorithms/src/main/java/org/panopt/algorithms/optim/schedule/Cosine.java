package org.panopt.algorithms.optim.schedule;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR, ICLR 2017, eq. 5, one cycle; PyTorch's
 * {@code CosineAnnealingLR} closed form):
 * {@code lr_min + (lr − lr_min)(1 + cos(π t / T)) / 2} for t ≤ T, then {@code lr_min} (PyTorch's
 * closed form would climb again after T; a single anneal is what this record is for — use
 * {@link CosineWarmRestarts} for cycles).
 *
 * @param lr         the initial (maximum) learning rate ≥ 0
 * @param minLr      the final learning rate, 0 ≤ minLr ≤ lr
 * @param totalSteps T ≥ 1
 */
public record Cosine(double lr, double minLr, long totalSteps) implements Schedule {
    public Cosine {
        ScheduleArgs.checkRange(lr, minLr);
        ScheduleArgs.checkLength("totalSteps", totalSteps);
    }

    @Override
    public double at(long t) {
        return ScheduleArgs.cosine(lr, minLr, Math.min(ScheduleArgs.checkStep(t), totalSteps), totalSteps);
    }
}
