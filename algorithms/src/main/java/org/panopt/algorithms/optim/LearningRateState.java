package org.panopt.algorithms.optim;

/**
 * The bookkeeping every {@link UpdateRule} shares: its size, its step count and its current
 * learning rate (validated when set).
 */
abstract class LearningRateState implements UpdateRule {
    final int n;
    double lr;
    long iterations;

    LearningRateState(int n, double lr) {
        this.n = Validate.size(n);
        this.lr = Validate.nonNegative("learning rate", lr);
    }

    @Override
    public final int size() {
        return n;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        this.lr = Validate.nonNegative("learning rate", lr);
    }
}
