package org.panopt.algorithms.optim.schedule;

/** A constant learning rate. */
public record Constant(double lr) implements Schedule {
    public Constant {
        ScheduleArgs.checkRate("lr", lr);
    }

    @Override
    public double at(long t) {
        ScheduleArgs.checkStep(t);
        return lr;
    }
}
