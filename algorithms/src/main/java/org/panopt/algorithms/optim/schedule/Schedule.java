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
}
