package org.panopt.algorithms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Bytes the current thread allocates while running a piece of code (HotSpot's per-thread counter). */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long ROUND_NANOS = 300_000_000L;
    private static final long BUDGET_NANOS = 60_000_000_000L;

    private AllocationMeter() {
    }

    /**
     * Warms {@code body} up, then returns the bytes allocated by {@code measured} more runs: the
     * smallest of the measurements taken.
     *
     * <p>Vector API code allocates (boxes its vectors) until C2 has compiled it, and on a loaded
     * machine the compiler threads can lag tens of seconds behind. So warm-up goes in rounds of at
     * least {@code warmup} runs and 0.3 s, each followed by a measurement, until one measures 0 bytes
     * or 60 s have passed. A real per-call allocation shows in every measurement.
     */
    public static long bytesPerRun(Runnable body, int warmup, int measured) {
        long best = Long.MAX_VALUE;
        long start = System.nanoTime();
        do {
            long roundStart = System.nanoTime();
            do {
                for (int k = 0; k < warmup; k++) {
                    body.run();
                }
            } while (System.nanoTime() - roundStart < ROUND_NANOS);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < measured; k++) {
                body.run();
            }
            best = Math.min(best, THREADS.getCurrentThreadAllocatedBytes() - before);
        } while (best != 0 && System.nanoTime() - start < BUDGET_NANOS);
        return best;
    }

    /**
     * Runs {@code main} of {@code probe} in a fresh JVM (this JVM's flags and class path) and returns
     * the number it prints last: for allocation probes that must not inherit the JIT state of other
     * tests. Whether Vector API kernels run allocation-free depends on how C2 compiled them, which
     * depends on every caller and shape the JVM has seen; a fresh JVM per scenario measures the
     * scenario alone, as a JMH fork does.
     */
    public static long inFreshJvm(Class<?> probe, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(probe.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("allocation probe " + String.join(" ", args) + " failed:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }
}
