/**
 * Learning-rate schedules as immutable records: {@link org.panopt.algorithms.optim.schedule.Constant},
 * {@link org.panopt.algorithms.optim.schedule.StepDecay}, {@link org.panopt.algorithms.optim.schedule.Cosine},
 * {@link org.panopt.algorithms.optim.schedule.CosineWarmRestarts} (SGDR) and
 * {@link org.panopt.algorithms.optim.schedule.LinearWarmup}, which composes with any of them. Drive an
 * {@link org.panopt.algorithms.optim.UpdateRule} with {@link org.panopt.algorithms.optim.Scheduled}.
 */
package org.panopt.algorithms.optim.schedule;
