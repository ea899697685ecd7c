package org.panopt.algorithms.optim.schedule;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter, ICLR 2017, eq. 5; PyTorch's
 * {@code CosineAnnealingWarmRestarts}): cycle i lasts {@code T_i = T₀ · T_mult^i} steps; inside a
 * cycle, at {@code T_cur} steps since the last restart,
 * {@code lr_min + (lr − lr_min)(1 + cos(π T_cur / T_i)) / 2}. At each restart the rate jumps back to
 * {@code lr}.
 *
 * @param lr    the maximum learning rate ≥ 0
 * @param minLr the minimum, 0 ≤ minLr ≤ lr
 * @param t0    length of the first cycle T₀ ≥ 1
 * @param tMult cycle-length multiplier T_mult ≥ 1 (an integer, as in PyTorch)
 */
public record CosineWarmRestarts(double lr, double minLr, long t0, long tMult) implements Schedule {
    public CosineWarmRestarts {
        ScheduleArgs.checkRange(lr, minLr);
        ScheduleArgs.checkLength("t0", t0);
        ScheduleArgs.checkLength("tMult", tMult);
    }

    @Override
    public double at(long t) {
        long cur = ScheduleArgs.checkStep(t);
        long len = t0;
        if (tMult == 1) {
            cur %= t0;
        } else {
            // Whole cycles are skipped one by one: O(log_{T_mult}(t / T₀)) iterations, exact in integers.
            while (cur >= len) {
                cur -= len;
                if (len > Long.MAX_VALUE / tMult) {
                    break; // the next cycle would be longer than any reachable step count
                }
                len *= tMult;
            }
        }
        return ScheduleArgs.cosine(lr, minLr, cur, len);
    }
}
