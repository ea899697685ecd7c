package org.panopt.algorithms.landing;

/**
 * The bookkeeping every {@link ManifoldIteration} shares: the step count and what the last step
 * reported, read through allocation-free accessors (NaN before the first step).
 */
public abstract class SteppedIteration implements ManifoldIteration {
    private long iterations;
    private double objective = Double.NaN;
    private double distance = Double.NaN;
    private double stepSize = Double.NaN;
    private double residual = Double.NaN;

    /** Records a finished step. */
    protected final void record(double objective, double distance, double stepSize, double residual) {
        this.iterations++;
        this.objective = objective;
        this.distance = distance;
        this.stepSize = stepSize;
        this.residual = residual;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    @Override
    public final double objective() {
        return objective;
    }

    @Override
    public final double distance() {
        return distance;
    }

    @Override
    public final double stepSize() {
        return stepSize;
    }

    @Override
    public final double residual() {
        return residual;
    }
}
