package org.panopt.algorithms;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running a piece of code (HotSpot's per-thread counter). */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /**
     * Runs {@code body} {@code warmup} times (so that the JIT compiles it), then measures the bytes
     * allocated by {@code measured} more runs. Retries a few times: a measurement can catch a one-off
     * allocation by the JIT or the runtime; a real per-call allocation shows in every attempt.
     */
    public static long bytesPerRun(Runnable body, int warmup, int measured) {
        for (int k = 0; k < warmup; k++) {
            body.run();
        }
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && best != 0; attempt++) {
            long before = BEAN.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < measured; k++) {
                body.run();
            }
            best = Math.min(best, BEAN.getCurrentThreadAllocatedBytes() - before);
        }
        return best;
    }
}
