package org.panopt.algorithms.bilevel;

/**
 * Receives progress from {@link BilevelSolver#run}: called every k iterations with primitives only,
 * so reporting allocates nothing. Metrics the problem cannot compute (it is not an
 * {@link ExactSolution}) are {@code NaN}.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param iteration                 iterations done
     * @param oracleCalls               per-sample oracle evaluations so far (a batch of m samples
     *                                  counts m; the inner and outer oracles count separately)
     * @param hypergradientNormSquared  {@code ‖∇h(x)‖²} at the current x
     * @param innerErrorSquared         {@code ‖z − z*(x)‖²}
     */
    void progress(long iteration, long oracleCalls, double hypergradientNormSquared, double innerErrorSquared);
}
