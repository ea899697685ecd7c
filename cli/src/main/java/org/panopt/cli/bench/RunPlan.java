package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which JMH invocations a run makes. JMH's {@code -p} overrides a parameter for every benchmark of an
 * invocation, so benchmarks are grouped by the parameter values their run needs: one invocation per
 * distinct set of overrides.
 *
 * @param mode        quick, full or the allocation gate
 * @param invocations the JMH invocations, in catalogue order
 * @param skipped     benchmarks the run leaves out, with why
 * @param perBenchmark configurations of each benchmark the plan runs
 */
public record RunPlan(Mode mode, List<Invocation> invocations, List<String> skipped, Map<String, Integer> perBenchmark) {

    /** What a run is for; each fixes JMH's fork, warm-up and measurement settings. */
    public enum Mode {
        /** A few parameter values, short iterations, one fork: minutes. */
        QUICK("quick", 1, 2, "300ms", 3, "200ms"),
        /** Every declared parameter value, two forks: the publication run. */
        FULL("full", 2, 5, "1s", 5, "2s"),
        /** The allocation gate: our allocation-free benchmarks, smallest sizes, warmed up for C2. */
        GATE("alloc-check", 1, 3, "500ms", 2, "500ms"),
        /** The allocation gate's second look at a failure: long warm-up, longer iterations. */
        GATE_CONFIRM("alloc-check confirmation", 1, 10, "1s", 3, "2s");

        final String label;
        final int forks;
        final int warmups;
        final String warmupTime;
        final int iterations;
        final String iterationTime;

        Mode(String label, int forks, int warmups, String warmupTime, int iterations, String iterationTime) {
            this.label = label;
            this.forks = forks;
            this.warmups = warmups;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
        }

        /** JMH's options for this mode. */
        public List<String> jmhOptions() {
            return List.of("-f", Integer.toString(forks), "-wi", Integer.toString(warmups), "-w", warmupTime,
                    "-i", Integer.toString(iterations), "-r", iterationTime);
        }

        /** A one-line description for the report. */
        public String describe() {
            return label + ": " + forks + (forks == 1 ? " fork, " : " forks, ") + warmups + " × " + warmupTime
                    + " warm-up, " + iterations + " × " + iterationTime + " measurement iterations";
        }

        /** Rough wall time of one configuration, JVM start-up included. */
        double secondsPerConfiguration() {
            return forks * (1.5 + warmups * seconds(warmupTime) + iterations * seconds(iterationTime));
        }

        private static double seconds(String t) {
            return t.endsWith("ms") ? Double.parseDouble(t.substring(0, t.length() - 2)) / 1000
                    : Double.parseDouble(t.substring(0, t.length() - 1));
        }

        public String label() {
            return label;
        }
    }

    /**
     * One JMH invocation.
     *
     * @param benchmarks     full names of the benchmarks it runs
     * @param params         {@code -p} overrides (empty: the declared values)
     * @param configurations number of (benchmark, parameter values) runs it makes
     */
    public record Invocation(List<String> benchmarks, Map<String, List<String>> params, int configurations) {
        /** JMH's include pattern matching exactly these benchmarks. */
        public String includePattern() {
            StringBuilder sb = new StringBuilder("^(");
            for (int i = 0; i < benchmarks.size(); i++) {
                sb.append(i == 0 ? "" : "|").append(Pattern.quote(benchmarks.get(i)));
            }
            return sb.append(")$").toString();
        }

        /** The {@code -p name=v1,v2} options. */
        public List<String> paramOptions() {
            List<String> out = new ArrayList<>();
            params.forEach((k, v) -> {
                out.add("-p");
                out.add(k + "=" + String.join(",", v));
            });
            return out;
        }
    }

    /**
     * Plans a run.
     *
     * @param cat     the benchmarks
     * @param mode    quick, full or gate
     * @param filter  JMH-style regex on full names (null: all)
     * @param threads a value for every benchmark's {@code threads} parameter, or 0 to leave it as declared
     */
    public static RunPlan of(Catalogue cat, Mode mode, Pattern filter, int threads) {
        Map<Map<String, List<String>>, List<Declaration>> groups = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Declaration d : cat.select(filter)) {
            if (mode == Mode.GATE && !d.gated()) {
                continue;
            }
            Map<String, List<String>> values = values(d, mode, threads);
            if (values == null) {
                skipped.add(d.benchmark() + ": every value of its implementation parameter is a peer");
                continue;
            }
            Map<String, List<String>> overrides = new TreeMap<>();
            values.forEach((k, v) -> {
                if (!v.equals(d.params().get(k))) {
                    overrides.put(k, v);
                }
            });
            groups.computeIfAbsent(overrides, k -> new ArrayList<>()).add(d);
        }
        List<Invocation> inv = new ArrayList<>();
        Map<String, Integer> perBenchmark = new LinkedHashMap<>();
        groups.forEach((overrides, decls) -> {
            int configs = 0;
            for (Declaration d : decls) {
                int c = Math.max(1, d.modes().size());
                for (Map.Entry<String, List<String>> p : d.params().entrySet()) {
                    c *= overrides.getOrDefault(p.getKey(), p.getValue()).size();
                }
                perBenchmark.put(d.benchmark(), c);
                configs += c;
            }
            inv.add(new Invocation(decls.stream().map(Declaration::benchmark).toList(), overrides, configs));
        });
        return new RunPlan(mode, inv, skipped, perBenchmark);
    }

    /** The parameter values {@code d} runs with in {@code mode}; null when nothing of ours is left to gate. */
    static Map<String, List<String>> values(Declaration d, Mode mode, int threads) {
        Map<String, List<String>> quick = new LinkedHashMap<>();
        for (String spec : d.quick()) {
            int eq = spec.indexOf('=');
            if (eq > 0) {
                quick.put(spec.substring(0, eq).strip(), List.of(spec.substring(eq + 1).strip().split("\\s*,\\s*")));
            }
        }
        String implParam = d.implParamIn(d.params().keySet());
        Map<String, String> first = new LinkedHashMap<>();
        d.params().forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.getFirst()));
        String size = d.sizeParamIn(first);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> p : d.params().entrySet()) {
            String name = p.getKey();
            List<String> v = p.getValue();
            if (threads > 0 && name.equals("threads")) {
                v = List.of(Integer.toString(threads));
            } else if (mode != Mode.FULL) {
                v = quick.getOrDefault(name, name.equals(size) ? reduced(v)
                        : allNumbers(v) ? List.of(v.getFirst()) : v);
                if (mode == Mode.GATE) {
                    if (name.equals(implParam)) {
                        v = v.stream().filter(x -> !d.isPeer(d.impl().isEmpty() ? x : d.impl() + " " + x)).toList();
                        if (v.isEmpty()) {
                            return null;
                        }
                    } else if (allNumbers(v)) {
                        v = List.of(v.stream().min(Comparator.comparingDouble(Double::parseDouble)).orElseThrow());
                    }
                }
            }
            out.put(name, v);
        }
        return out;
    }

    /** Quick values of the size parameter: the smallest and the median of more than two numbers; else all. */
    static List<String> reduced(List<String> values) {
        if (values.size() <= 2 || !allNumbers(values)) {
            return values;
        }
        List<String> sorted = values.stream().sorted(Comparator.comparingDouble(Double::parseDouble)).toList();
        return List.of(sorted.getFirst(), sorted.get((sorted.size() - 1) / 2));
    }

    private static boolean allNumbers(List<String> values) {
        return !values.isEmpty() && values.stream().allMatch(Declaration::isNumber);
    }

    /** Total (benchmark, parameter values) runs. */
    public int configurations() {
        return invocations.stream().mapToInt(Invocation::configurations).sum();
    }

    /** Every benchmark the plan runs. */
    public List<String> benchmarks() {
        return invocations.stream().flatMap(i -> i.benchmarks().stream()).toList();
    }

    /** Rough wall time in seconds. */
    public double estimatedSeconds() {
        return configurations() * mode.secondsPerConfiguration();
    }

    /** The {@code count} benchmarks with the most configurations, most first, as "name (n)". */
    public List<String> heaviest(int count) {
        return perBenchmark.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(count).map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    }
}
