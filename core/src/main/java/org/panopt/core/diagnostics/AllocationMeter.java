package org.panopt.core.diagnostics;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the current thread allocates while running a piece of code: how the
 * library's tests prove that warmed-up steps allocate nothing, and how a user can check the same of
 * their own loop. Reads HotSpot's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), which is exact for the
 * thread and costs a few nanoseconds.
 *
 * <p>Warm-up matters: until C2 has compiled (and inlined) a Vector API loop, its vectors are boxed
 * objects, so an honest measurement repeats rounds until the code is compiled. On a loaded machine
 * that takes longer (compiler threads compete for the cores), hence {@link #untilQuiet}: it keeps
 * running rounds until one allocates nothing, up to a time bound, so a step that really allocates
 * still fails and a slow JIT does not.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /**
     * The outcome of {@link #untilQuiet}.
     *
     * @param lastRound bytes allocated by the last round run (0 if a quiet round was reached)
     * @param rounds    rounds run
     * @param history   bytes of every round, space separated (for failure messages)
     */
    public record Result(long lastRound, int rounds, String history) {
        /** Whether a round of calls allocated nothing. */
        public boolean quiet() {
            return lastRound == 0;
        }
    }

    /** Bytes this thread allocated while running {@code body} {@code calls} times. */
    public static long bytes(Runnable body, int calls) {
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            body.run();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Runs rounds of {@code calls} calls until one allocates nothing, or until at least
     * {@code minRounds} rounds have run and {@code maxSeconds} have passed (whichever comes later).
     */
    public static Result untilQuiet(Runnable body, int calls, int minRounds, double maxSeconds) {
        StringBuilder history = new StringBuilder();
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        long last = -1;
        int r = 0;
        while (last != 0 && (r < minRounds || System.nanoTime() < deadline)) {
            last = bytes(body, calls);
            if (r < 64 || last == 0) {
                history.append(last).append(' ');
            } else if (r == 64) {
                history.append("... ");
            }
            r++;
        }
        return new Result(last, r, history.toString().strip());
    }

    /** {@link #untilQuiet(Runnable, int, int, double)} with 10 rounds at least and a 30 s bound. */
    public static Result untilQuiet(Runnable body, int calls) {
        return untilQuiet(body, calls, 10, 30);
    }
}
