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
 * must show at most {@link #LIMIT} bytes per operation in JMH's {@code gc.alloc.rate.norm}.
 *
 * <p>The figure judged is the smallest per-iteration value of the run: allocation that only happens
 * before C2 has compiled the loop (interpreted Vector API code boxes every vector) is not a steady
 * state, while a real per-operation allocation shows in every iteration.
 *
 * <p>JMH's GC profiler counts every thread's allocation ({@code getTotalThreadAllocatedBytes}),
 * JMH's own bookkeeping included: measured here at 6–10 KB per iteration, whatever the benchmark.
 * Spread over the operations of an iteration that is nothing for a microsecond kernel but 100 B/op
 * for a 5 ms step, so the limit grows by {@link #ITERATION_ALLOWANCE} divided by the operations
 * per iteration.
 */
public final class AllocationGate {
    /** Bytes per operation allowed. */
    public static final double LIMIT = 16;
    /** JMH's own allocation per measurement iteration that the gate forgives (bytes). */
    public static final double ITERATION_ALLOWANCE = 16384;

    private AllocationGate() {
    }

    /**
     * One judged configuration.
     *
     * @param benchmark  full benchmark name
     * @param params     its parameter values
     * @param bytesPerOp the judged figure (NaN when none was measured)
     * @param problem    why it fails, or null when it passes
     */
    public record Verdict(String benchmark, Map<String, String> params, double bytesPerOp, String problem) {
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
            double b = Double.isNaN(m.allocLeast()) ? m.allocNorm() : m.allocLeast();
            String problem = null;
            double limit = limit(m);
            if (Double.isNaN(b)) {
                problem = "no gc.alloc.rate.norm in the results (was -prof gc on?)";
            } else if (b > limit) {
                problem = String.format(Locale.ROOT, "allocates %.1f B/op (limit %.1f B/op%s; mean over iterations %.1f)",
                        b, limit, limit - LIMIT >= 0.05 ? String.format(Locale.ROOT, ": %.0f + JMH's %.0f B per iteration over "
                                + "%.0f ops", LIMIT, ITERATION_ALLOWANCE, m.operationsPerIteration()) : "", m.allocNorm());
            }
            out.add(new Verdict(m.benchmark(), m.params(), b, problem));
        }
        for (String p : planned) {
            if (!seen.contains(p)) {
                out.add(new Verdict(p, Map.of(), Double.NaN, "no result: the benchmark failed (see jmh.log)"));
            }
        }
        return out;
    }

    /** The bytes per operation {@code m} may show: {@link #LIMIT} plus JMH's share per operation. */
    static double limit(Measurement m) {
        double ops = m.operationsPerIteration();
        return Double.isFinite(ops) && ops > 0 ? LIMIT + ITERATION_ALLOWANCE / ops : LIMIT;
    }

    /** Whether every verdict passed. */
    public static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }
}
