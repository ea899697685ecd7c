package org.panopt.algorithms.bilevel;

/** How SABA fills its five SAGA tables before the first step. */
public enum MemoryInit {
    /** All entries and running means start at zero (the default, as in benchmark_bilevel). */
    ZERO,
    /** One full pass over every batch at the starting point (n_in + n_out sample evaluations). */
    FULL
}
