package org.panopt.algorithms.sinkhorn;

/** How the cost is rescaled before solving: every output then refers to {@code C / scale}. */
public enum CostScaling {
    /** No rescaling (scale 1). */
    NONE,
    /** Divide by the mean entry. */
    MEAN,
    /** Divide by the largest entry. */
    MAX,
    /** Divide by the median entry. */
    MEDIAN
}
