package org.panopt.algorithms.optim.schedule;

/**
 * A learning-rate schedule: the learning rate of step {@code t = 0, 1, 2, …} (the number of updates
 * already taken), as a pure function of t. Implementations are immutable records that validate
 * their fields and allocate nothing in {@link #at(long)}; {@link LinearWarmup} composes with any
 * other schedule.
 */
public interface Schedule {
    /**
     * The learning rate for step {@code t}.
     *
     * @throws IllegalArgumentException if {@code t < 0}
     */
    double at(long t);

    /** Shared check of a step index. */
    static long checkStep(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("schedule step must be >= 0, got " + t);
        }
        return t;
    }

    /** Shared check of a learning-rate field: finite and ≥ 0. */
    static double checkRate(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
        return v;
    }

    /** Shared check of a length field: ≥ 1. */
    static long checkLength(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }

    /** The cosine annealing value between {@code max} and {@code min} at fraction {@code cur / len} of a cycle. */
    static double cosine(double max, double min, double cur, double len) {
        return min + (max - min) * (1 + Math.cos(Math.PI * cur / len)) / 2;
    }
}
