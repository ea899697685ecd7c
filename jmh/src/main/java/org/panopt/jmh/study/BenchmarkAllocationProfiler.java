package org.panopt.jmh.study;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Heap bytes allocated per operation by every thread except JMH's runner thread, reported as
 * {@code alloc.benchmark.norm}: the benchmark's worker threads and any thread the benchmarked code
 * uses itself.
 *
 * <p>Why: JMH's {@code gc.alloc.rate.norm} also counts the runner thread, which sends each
 * iteration's results to the host VM and prints them (several KB per iteration, measured here: 6 to
 * 14 KB). Spread over the few operations of a slow benchmark that reads as a hundred bytes or more per
 * operation that the benchmark never allocated: a 5 ms step that allocates nothing showed 110–140 B/op
 * there and 5 B/op here (the worker's own per-iteration bookkeeping). The allocation gate judges this
 * metric, so a 20 ms step is held to nearly the same 16 B/op as a 1 µs kernel.
 *
 * <p>Use: {@code -prof org.panopt.jmh.study.BenchmarkAllocationProfiler} (the harness adds it next to
 * {@code -prof gc}). Profiler callbacks run on the runner thread, which is how it is told apart.
 */
public final class BenchmarkAllocationProfiler implements InternalProfiler {
    /** The secondary metric's name in JMH's results. */
    public static final String METRIC = "alloc.benchmark.norm";

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long totalBefore;
    private long runnerBefore;

    @Override
    public String getDescription() {
        return "heap bytes per operation allocated by all threads but JMH's runner (" + METRIC + ")";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        runnerBefore = threads.getCurrentThreadAllocatedBytes();
        totalBefore = threads.getTotalThreadAllocatedBytes();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long total = threads.getTotalThreadAllocatedBytes() - totalBefore;
        long runner = threads.getCurrentThreadAllocatedBytes() - runnerBefore;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 || total < 0 ? Double.NaN : (double) Math.max(0, total - runner) / ops;
        return List.of(new ScalarResult(METRIC, perOp, "B/op", AggregationPolicy.AVG));
    }
}
