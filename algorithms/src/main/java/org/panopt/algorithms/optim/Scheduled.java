package org.panopt.algorithms.optim;

import java.util.Objects;
import org.panopt.algorithms.optim.schedule.Schedule;
import org.panopt.core.array.Vec;

/**
 * An {@link UpdateRule} driven by a {@link Schedule}: before each step the rule's learning rate is
 * set to {@code schedule.at(iterations)}.
 */
public final class Scheduled implements UpdateRule {
    private final UpdateRule rule;
    private final Schedule schedule;

    public Scheduled(UpdateRule rule, Schedule schedule) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public void step(Vec params, Vec grad) {
        rule.setLearningRate(schedule.at(rule.iterations()));
        rule.step(params, grad);
    }

    @Override
    public int size() {
        return rule.size();
    }

    @Override
    public long iterations() {
        return rule.iterations();
    }

    /** The learning rate of the next step, from the schedule. */
    @Override
    public double learningRate() {
        return schedule.at(rule.iterations());
    }

    /**
     * Not supported: the schedule sets the learning rate.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setLearningRate(double lr) {
        throw new UnsupportedOperationException("the learning rate of a scheduled rule comes from its schedule");
    }

    public UpdateRule rule() {
        return rule;
    }

    public Schedule schedule() {
        return schedule;
    }
}
