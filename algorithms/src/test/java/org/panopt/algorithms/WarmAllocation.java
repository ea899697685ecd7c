package org.panopt.algorithms;

import java.lang.management.ManagementFactory;

/**
 * Bytes a piece of code allocates per run once the JIT has compiled it, on a loaded machine: warms
 * up in chunks until a chunk allocates nothing (C2 has compiled every path the chunk takes) or a time
 * limit passes, then measures. A real per-call allocation never reaches a clean chunk and shows in
 * the measurement; slow compilation only costs time.
 */
public final class WarmAllocation {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private WarmAllocation() {
    }

    /**
     * @param chunk    runs per warm-up chunk
     * @param measured runs measured after warm-up
     * @param seconds  longest warm-up
     * @return bytes allocated by the measured runs (the least over three attempts)
     */
    public static long bytesAfterWarmUp(Runnable body, int chunk, int measured, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            long before = BEAN.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < chunk; k++) {
                body.run();
            }
            if (BEAN.getCurrentThreadAllocatedBytes() == before) {
                break;
            }
        }
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && best != 0; attempt++) {
            long before = BEAN.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < measured; k++) {
                body.run();
            }
            best = Math.min(best, BEAN.getCurrentThreadAllocatedBytes() - before);
        }
        return best;
    }
}
