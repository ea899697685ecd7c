package org.panopt.algorithms.optim.schedule;

/** A constant learning rate. */
public record Constant(double lr) implements Schedule {
    public Constant {
        Schedule.checkRate("lr", lr);
    }

    @Override
    public double at(long t) {
        Schedule.checkStep(t);
        return lr;
    }
}
