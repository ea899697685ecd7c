package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a benchmark declares through {@code @Study} and {@code @AllocationFree} (as listed by the
 * benchmarks jar's {@code StudyIndex}; empty strings where it declares nothing), and the harness's
 * fallbacks for what it leaves out. The conventions are documented in {@code jmh/README.md}.
 *
 * @param benchmark              JMH's full name, {@code package.Class.method}
 * @param params                 declared {@code @Param} values by name
 * @param hasStudy               whether {@code @Study} is present on the method or its class
 * @param quick                  {@code --quick} parameter values, JMH {@code -p} syntax ({@code "n=64,512"})
 * @param peers                  external peer benchmark names or prefixes that join this study
 * @param peer                   the benchmark measures another library
 * @param allocationFree         {@code @AllocationFree} on the method or its class
 * @param allocationFreeDeclared the class uses {@code @AllocationFree} on some benchmark
 */
public record Declaration(String benchmark, List<String> modes, Map<String, List<String>> params, boolean hasStudy,
                          String study, String impl, String implParam, String size, String baseline, String flops,
                          String bytes, List<String> quick, List<String> peers, boolean peer,
                          boolean allocationFree, boolean allocationFreeDeclared) {

    /** Parameter names taken as "the implementation" when {@code implParam} is not declared. */
    static final List<String> IMPL_PARAMS = List.of("impl", "implementation", "library", "lib", "backend");
    /** Parameter names taken as "the size" before falling back to the first numeric parameter. */
    static final List<String> SIZE_PARAMS = List.of("n", "size", "dim", "length");
    /** Labels of other libraries (ours contain "panopt"): never under the allocation gate. */
    static final Pattern PEER_NAME = Pattern.compile(
            "(?i).*(ejml|ojalgo|netlib|f2j|blas|mkl|numpy|torch|\\bpot\\b|sklearn|scikit|scipy|jblas|nd4j|commons).*");
    /** Names of an algorithm's step (method, or class for all its methods), gated when the class marks nothing. */
    static final Pattern STEP_NAME = Pattern.compile("(?i).*(step|iterat|epoch).*");
    /** Packages whose benchmarks are kernels, gated when their class marks nothing. */
    static final Pattern KERNEL_PACKAGE = Pattern.compile(".*\\.(kernels|gemm)(\\..*)?");

    public Declaration {
        modes = List.copyOf(modes);
        params = copy(params);
        quick = List.copyOf(quick);
        peers = List.copyOf(peers);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> params) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A benchmark the index does not know (or no index): every attribute falls back. */
    public static Declaration undeclared(String benchmark) {
        return new Declaration(benchmark, List.of(), Map.of(), false, "", "", "", "", "", "", "", List.of(), List.of(),
                false, false, false);
    }

    /** One entry of the {@code StudyIndex} JSON. */
    static Declaration of(Map<String, Object> o) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        Json.object(o.get("params")).forEach((k, v) -> params.put(k, strings(v)));
        return new Declaration(Json.string(o.get("benchmark"), ""), strings(o.get("modes")), params,
                Boolean.TRUE.equals(o.get("hasStudy")), text(o, "study"), text(o, "impl"), text(o, "implParam"),
                text(o, "size"), text(o, "baseline"), text(o, "flops"), text(o, "bytes"), strings(o.get("quick")),
                strings(o.get("peers")), Boolean.TRUE.equals(o.get("peer")), Boolean.TRUE.equals(o.get("allocationFree")),
                Boolean.TRUE.equals(o.get("allocationFreeDeclared")));
    }

    private static String text(Map<String, Object> o, String key) {
        return Json.string(o.get(key), "").strip();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : Json.array(o)) {
            out.add(Json.string(x, ""));
        }
        return out;
    }

    /** {@code package.Class}. */
    public String className() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? "" : benchmark.substring(0, dot);
    }

    /** The benchmark method's name. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The study (table and chart) name: declared, else the class's simple name. */
    public String studyName() {
        if (!study.isEmpty()) {
            return study;
        }
        String c = className();
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** The implementation parameter among {@code names}: declared, else a conventional one; null if none. */
    public String implParamIn(Collection<String> names) {
        if (!implParam.isEmpty()) {
            return names.contains(implParam) ? implParam : null;
        }
        return IMPL_PARAMS.stream().filter(names::contains).findFirst().orElse(null);
    }

    /** The label of the implementation measured with {@code values}: see {@code jmh/README.md}. */
    public String label(Map<String, String> values) {
        String p = implParamIn(values.keySet());
        String v = p == null ? "" : values.get(p);
        if (!impl.isEmpty()) {
            return v.isEmpty() ? impl : impl + " " + v;
        }
        return v.isEmpty() ? method() : v;
    }

    /** The size parameter (x axis) among {@code values}: declared, else conventional, else the first numeric one; null if none. */
    public String sizeParamIn(Map<String, String> values) {
        if (!size.isEmpty()) {
            return values.containsKey(size) ? size : null;
        }
        String ip = implParamIn(values.keySet());
        for (String s : SIZE_PARAMS) {
            if (values.containsKey(s) && isNumber(values.get(s))) {
                return s;
            }
        }
        return values.entrySet().stream().filter(e -> !e.getKey().equals(ip) && isNumber(e.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Whether the implementation with this label is another library's. */
    public boolean isPeer(String label) {
        return peer || isPeerName(label);
    }

    static boolean isPeerName(String label) {
        return !label.toLowerCase(java.util.Locale.ROOT).contains("panopt") && PEER_NAME.matcher(label).matches();
    }

    /**
     * Whether the allocation gate runs this benchmark: marked {@code @AllocationFree}; or, when its
     * class marks nothing, a kernel (package {@code ...kernels} or {@code ...gemm}) or a method or
     * class named like a step ({@code step}, {@code iterat...}, {@code epoch}); never a peer.
     */
    public boolean gated() {
        if (peer) {
            return false;
        }
        if (allocationFree) {
            return true;
        }
        if (allocationFreeDeclared || (impl.isEmpty() && isPeerName(method())) || (!impl.isEmpty() && isPeerName(impl))) {
            return false;
        }
        String simpleClass = className().substring(className().lastIndexOf('.') + 1);
        return KERNEL_PACKAGE.matcher(className()).matches() || STEP_NAME.matcher(method()).matches()
                || STEP_NAME.matcher(simpleClass).matches();
    }

    /** Whether the external peer benchmark {@code name} belongs to this study by its {@code peers} list. */
    public boolean claimsPeer(String name) {
        return peers.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + "."));
    }

    static boolean isNumber(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
