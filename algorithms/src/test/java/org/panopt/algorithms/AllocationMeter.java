package org.panopt.algorithms;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running a piece of code (HotSpot's per-thread counter). */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final long ROUND_NANOS = 300_000_000L;
    private static final long BUDGET_NANOS = 40_000_000_000L;

    private AllocationMeter() {
    }

    /**
     * Warms {@code body} up, then returns the bytes allocated by {@code measured} more runs: the
     * smallest of the measurements taken.
     *
     * <p>Vector API code allocates (boxes its vectors) until C2 has compiled it, and on a loaded
     * machine the compiler threads can lag seconds behind. So warm-up goes in rounds of at least
     * {@code warmup} runs and 0.3 s; a measurement is taken only after a round during which the JIT
     * finished no compilation, and a non-zero result is measured again after more rounds, within a
     * 40 s budget. A real per-call allocation shows in every measurement.
     */
    public static long bytesPerRun(Runnable body, int warmup, int measured) {
        long best = Long.MAX_VALUE;
        long start = System.nanoTime();
        long compileTime = -1;
        while (best != 0 && System.nanoTime() - start < BUDGET_NANOS) {
            long roundStart = System.nanoTime();
            do {
                for (int k = 0; k < warmup; k++) {
                    body.run();
                }
            } while (System.nanoTime() - roundStart < ROUND_NANOS);
            long now = JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : compileTime;
            boolean idle = now == compileTime;
            compileTime = now;
            if (!idle) {
                continue;
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < measured; k++) {
                body.run();
            }
            best = Math.min(best, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        if (best == Long.MAX_VALUE) {
            throw new IllegalStateException("the JIT never went idle for a whole warm-up round within the budget");
        }
        return best;
    }
}
