package org.panopt.algorithms.prox;

import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch of a penalty that needs some (sorting, projections): a {@code double[]} and a
 * segment over it, made once per thread on first use, so that the penalty stays immutable and
 * shareable (a parallel Sinkhorn evaluates one cost from several threads) and a warmed-up call
 * allocates nothing.
 */
final class Scratch {
    final double[] array;
    final MemorySegment segment;

    private Scratch(int length) {
        this.array = new double[length];
        this.segment = MemorySegment.ofArray(array);
    }

    /** A per-thread holder of {@code length} doubles. */
    static ThreadLocal<Scratch> perThread(int length) {
        return ThreadLocal.withInitial(() -> new Scratch(length));
    }
}
