package org.panopt.algorithms.sinkhorn;

/**
 * The iteration produced a non-finite error or potential (ε too small for the kernel domain, a NaN
 * in the cost, …). Thrown instead of returning a result with NaNs in it.
 */
public final class SinkhornDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int iteration;

    public SinkhornDivergedException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration at which divergence was detected. */
    public int iteration() {
        return iteration;
    }
}
