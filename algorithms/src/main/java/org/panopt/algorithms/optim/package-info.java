/**
 * Optimiser tools over flat parameter vectors (contiguous {@link org.panopt.core.array.Vec} views):
 * update rules ({@link org.panopt.algorithms.optim.Sgd}, {@link org.panopt.algorithms.optim.Adam}
 * with AdamW and AMSGrad), the model EMA with the EMA scaling rule
 * ({@link org.panopt.algorithms.optim.ModelEma}, {@link org.panopt.algorithms.optim.EmaScaling}),
 * Bloop gradient surgery ({@link org.panopt.algorithms.optim.Bloop}), the Polyak step
 * ({@link org.panopt.algorithms.optim.PolyakStep}) and Armijo backtracking
 * ({@link org.panopt.algorithms.optim.ArmijoLineSearch}). Schedules live in
 * {@link org.panopt.algorithms.optim.schedule}.
 *
 * <p>Every rule is a small state object whose buffers are allocated once, in a
 * {@link org.panopt.core.array.Workspace} or an {@link java.lang.foreign.Arena} given at
 * construction; each step is one or two fused Vector API passes and allocates nothing. Options are
 * records that validate their fields (NaN, negative rates, decays outside [0, 1)) and document their
 * defaults. SPEC.md §5.
 */
package org.panopt.algorithms.optim;
