package org.panopt.algorithms.prox;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch of a penalty that needs some (sorting, projections), made once per thread on
 * first use, so that the penalty stays immutable and shareable (a parallel Sinkhorn evaluates one
 * cost from several threads) and a warmed-up call allocates nothing.
 *
 * <p>Vectors for the kernels live off-heap ({@link #segment}); only sorting uses a Java array
 * ({@link #array}), filled by bulk copies. The split matters: a Vector API load or store site that
 * has seen both heap and off-heap segments is no longer intrinsified and boxes every vector, so
 * everything this package hands to a kernel is off-heap.
 */
final class Scratch {
    final MemorySegment segment;
    final double[] array;

    private Scratch(int offHeap, int onHeap) {
        this.segment = Arena.ofAuto().allocate(8L * Math.max(offHeap, 1), 64);
        this.array = new double[onHeap];
    }

    /** A per-thread holder of {@code offHeap} doubles off the heap and {@code onHeap} in an array. */
    static ThreadLocal<Scratch> perThread(int offHeap, int onHeap) {
        return ThreadLocal.withInitial(() -> new Scratch(offHeap, onHeap));
    }
}
