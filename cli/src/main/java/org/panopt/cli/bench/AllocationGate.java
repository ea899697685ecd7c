package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The allocation gate's verdicts: every allocation-free benchmark (see {@link Declaration#gated()})
 * must allocate at most {@link #LIMIT} bytes per operation.
 *
 * <p>What is judged: {@code alloc.benchmark.norm} (panopt's {@code BenchmarkAllocationProfiler}:
 * every thread but JMH's runner) when the run has it, else JMH's {@code gc.alloc.rate.norm}; of
 * either, the smallest per-iteration value, so that allocation before C2 has compiled the loop
 * (interpreted Vector API code boxes every vector) does not count while a real per-operation
 * allocation, present in every iteration, does.
 *
 * <p>Both metrics include some of JMH's own allocation per iteration, a constant that matters only
 * when an iteration holds few operations: the worker thread's bookkeeping (about 0.5 KB measured)
 * in the first, the runner thread's result messages and output too (6–14 KB) in the second. The
 * limit grows by that allowance divided by the operations in an iteration.
 */
public final class AllocationGate {
    /** Bytes per operation allowed. */
    public static final double LIMIT = 16;
    /** JMH's allocation per iteration forgiven in {@code alloc.benchmark.norm} (bytes). */
    public static final double BENCHMARK_THREADS_ALLOWANCE = 1024;
    /** JMH's allocation per iteration forgiven in {@code gc.alloc.rate.norm} (bytes). */
    public static final double ALL_THREADS_ALLOWANCE = 16384;

    private AllocationGate() {
    }

    /**
     * One judged configuration.
     *
     * @param benchmark  full benchmark name
     * @param params     its parameter values
     * @param bytesPerOp the judged figure (NaN when none was measured)
     * @param limit      the limit it was held to
     * @param metric     which metric was judged
     * @param gcNorm     JMH's {@code gc.alloc.rate.norm} (mean), for the record
     * @param problem    why it fails, or null when it passes
     */
    public record Verdict(String benchmark, Map<String, String> params, double bytesPerOp, double limit, String metric,
                          double gcNorm, String problem) {
        public boolean passed() {
            return problem == null;
        }

        /** One line for the console and the report. */
        public String describe() {
            StringBuilder sb = new StringBuilder(passed() ? "ok    " : "FAIL  ").append(benchmark);
            params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append(passed() ? String.format(Locale.ROOT, "  %.2f B/op", bytesPerOp) : "  " + problem);
            return sb.toString();
        }
    }

    /**
     * Judges the gate's results.
     *
     * @param results what the gate run measured
     * @param cat     the declarations (peers among the results are ignored)
     * @param planned the benchmarks the gate ran: each must have at least one result
     */
    public static List<Verdict> check(List<Measurement> results, Catalogue cat, Collection<String> planned) {
        List<Verdict> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Measurement m : results) {
            Declaration d = cat.get(m.benchmark());
            if (!d.gated() || d.isPeer(d.label(m.params()))) {
                continue;
            }
            seen.add(m.benchmark());
            boolean precise = m.benchAlloc().measured();
            Measurement.Allocation a = precise ? m.benchAlloc() : m.gcAlloc();
            String metric = precise ? Measurement.BENCH_ALLOC : Measurement.GC_ALLOC;
            double b = Double.isNaN(a.least()) ? a.mean() : a.least();
            double limit = limit(m, precise ? BENCHMARK_THREADS_ALLOWANCE : ALL_THREADS_ALLOWANCE);
            String problem = null;
            if (Double.isNaN(b)) {
                problem = "no allocation figure in the results (was -prof gc on?)";
            } else if (b > limit) {
                problem = String.format(Locale.ROOT, "allocates %.1f B/op (%s, least iteration; limit %.1f B/op%s; "
                        + "gc.alloc.rate.norm %.1f)", b, metric, limit, limit - LIMIT >= 0.05
                        ? String.format(Locale.ROOT, " = %.0f + JMH's %.0f B per iteration over %.0f ops", LIMIT,
                        precise ? BENCHMARK_THREADS_ALLOWANCE : ALL_THREADS_ALLOWANCE, m.operationsPerIteration()) : "",
                        m.gcAlloc().mean());
            }
            out.add(new Verdict(m.benchmark(), m.params(), b, limit, metric, m.gcAlloc().mean(), problem));
        }
        for (String p : planned) {
            if (!seen.contains(p)) {
                out.add(new Verdict(p, Map.of(), Double.NaN, LIMIT, "", Double.NaN,
                        "no result: the benchmark failed (see jmh.log)"));
            }
        }
        return out;
    }

    /** The bytes per operation {@code m} may show: {@link #LIMIT} plus JMH's share per operation. */
    static double limit(Measurement m, double allowancePerIteration) {
        double ops = m.operationsPerIteration();
        return Double.isFinite(ops) && ops > 0 ? LIMIT + allowancePerIteration / ops : LIMIT;
    }

    /** Whether every verdict passed. */
    public static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }
}
