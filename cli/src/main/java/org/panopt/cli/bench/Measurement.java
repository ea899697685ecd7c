package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured configuration: a JMH result, or a peer script's result in the same JSON shape.
 *
 * @param benchmark  full name ({@code org.panopt.jmh.gemm.Gemm.panopt}, {@code peers.pot.sinkhorn_log})
 * @param mode       JMH mode ({@code avgt}, {@code thrpt}, {@code sample}, {@code ss}); peers: {@code avgt}
 * @param params     parameter values as strings, in the order they came
 * @param score      primary score in {@code unit}
 * @param error      half-width of JMH's 99.9 % confidence interval (NaN when unknown)
 * @param unit       e.g. {@code ms/op} or {@code ops/s}
 * @param gcAlloc    JMH's {@code gc.alloc.rate.norm}: bytes per operation, every thread counted
 * @param benchAlloc {@code alloc.benchmark.norm} from panopt's profiler: every thread but JMH's runner
 * @param iterationSeconds length of one measurement iteration (NaN when unknown, as for peers)
 * @param study      study named by a peer record itself ("" when it names none)
 * @param impl       implementation label named by a peer record itself ("")
 * @param source     where it came from: {@code jmh} or the peer script's file name
 */
public record Measurement(String benchmark, String mode, Map<String, String> params, double score, double error,
                          String unit, Allocation gcAlloc, Allocation benchAlloc, double iterationSeconds,
                          String study, String impl, String source) {

    /** The allocation metric of JMH's GC profiler (JMH before 1.36 prefixed it with a middle dot). */
    static final String GC_ALLOC = "gc.alloc.rate.norm";
    /** The metric of {@code org.panopt.jmh.study.BenchmarkAllocationProfiler}. */
    static final String BENCH_ALLOC = "alloc.benchmark.norm";

    /**
     * An allocation metric in bytes per operation.
     *
     * @param mean  JMH's score: the mean over the measurement iterations (NaN when not profiled)
     * @param least the smallest iteration's value (NaN when not profiled)
     */
    public record Allocation(double mean, double least) {
        static final Allocation NONE = new Allocation(Double.NaN, Double.NaN);

        public boolean measured() {
            return !Double.isNaN(mean);
        }
    }

    public Measurement {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Every record of a JMH result file (or a peer script's output, the same shape). */
    public static List<Measurement> parseAll(String json, String source) {
        Object root = Json.parse(json);
        if (!(root instanceof List<?>)) {
            throw new IllegalArgumentException("expected a JSON list of results");
        }
        List<Measurement> out = new ArrayList<>();
        for (Object o : Json.array(root)) {
            out.add(of(Json.object(o), source));
        }
        return out;
    }

    static Measurement of(Map<String, Object> r, String source) {
        String name = Json.string(r.get("benchmark"), "");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a result without \"benchmark\"");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Json.object(r.get("params")).forEach((k, v) -> params.put(k, Json.string(v, "")));
        Map<String, Object> primary = Json.object(r.get("primaryMetric"));
        Allocation gc = Allocation.NONE;
        Allocation bench = Allocation.NONE;
        for (Map.Entry<String, Object> e : Json.object(r.get("secondaryMetrics")).entrySet()) {
            Map<String, Object> m = Json.object(e.getValue());
            double mean = Json.number(m.get("score"));
            Allocation a = new Allocation(mean, leastIteration(m.get("rawData"), mean));
            if (e.getKey().endsWith(GC_ALLOC)) {
                gc = a;
            } else if (e.getKey().equals(BENCH_ALLOC)) {
                bench = a;
            }
        }
        return new Measurement(name, Json.string(r.get("mode"), "avgt"), params, Json.number(primary.get("score")),
                Json.number(primary.get("scoreError")), Json.string(primary.get("scoreUnit"), ""), gc, bench,
                duration(Json.string(r.get("measurementTime"), "")), Json.string(r.get("study"), ""),
                Json.string(r.get("impl"), ""), source);
    }

    /** JMH's {@code "300 ms"} in seconds; NaN when absent or unreadable. */
    private static double duration(String s) {
        String[] p = s.strip().split("\\s+");
        if (p.length != 2 || !Declaration.isNumber(p[0])) {
            return Double.NaN;
        }
        return Double.parseDouble(p[0]) * secondsIn(p[1]);
    }

    /** Operations in one measurement iteration (one for single-shot runs); NaN when unknown. */
    public double operationsPerIteration() {
        return mode.equals("ss") ? 1 : iterationSeconds / seconds();
    }

    /** The smallest value in JMH's rawData (one list of iteration values per fork), else {@code fallback}. */
    private static double leastIteration(Object rawData, double fallback) {
        double least = Double.POSITIVE_INFINITY;
        for (Object fork : Json.array(rawData)) {
            for (Object it : Json.array(fork)) {
                double v = Json.number(it);
                if (!Double.isNaN(v)) {
                    least = Math.min(least, v);
                }
            }
        }
        return least == Double.POSITIVE_INFINITY ? fallback : least;
    }

    /** Mean time per operation in seconds (throughput scores inverted); NaN for an unknown unit. */
    public double seconds() {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            return Double.NaN;
        }
        if (parts[1].equals("op")) {
            return score * secondsIn(parts[0]);
        }
        if (parts[0].equals("ops")) {
            return secondsIn(parts[1]) / score;
        }
        return Double.NaN;
    }

    /** Relative half-width of the confidence interval (the same for a time and its inverse, to first order). */
    public double relativeError() {
        return Math.abs(error / score);
    }

    /** The short class-and-method form JMH prints, e.g. {@code Gemm.panopt}. */
    public String shortName() {
        int last = benchmark.lastIndexOf('.');
        int prev = last <= 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(prev + 1);
    }

    private static double secondsIn(String u) {
        return switch (u) {
            case "ns" -> 1e-9;
            case "us", "µs", "μs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr", "h" -> 3600;
            default -> Double.NaN;
        };
    }
}
