package org.panopt.algorithms.stochastic;

/** How a {@link Sampler} walks through n indices. */
public enum Sampling {
    /** 0, 1, …, n − 1, 0, 1, … */
    CYCLIC,
    /** Independent uniform draws with replacement (the SAGA/SVRG analyses assume this). */
    UNIFORM,
    /** A fresh random permutation every n draws (every epoch), then walked in order. */
    SHUFFLED
}
