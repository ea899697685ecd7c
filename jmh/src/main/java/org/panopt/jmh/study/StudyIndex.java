package org.panopt.jmh.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Writes, as JSON, what {@code ./panopt bench} needs to plan a run and lay out its report: every
 * benchmark in this jar with its modes, declared {@code @Param} values, its {@link Study} and
 * {@link AllocationFree} declarations (class and method merged, empty when absent), and the versions
 * of the libraries shaded into the jar. Fallbacks for undeclared attributes are the harness's job.
 *
 * <p>Run as {@code java -cp benchmarks.jar org.panopt.jmh.study.StudyIndex [FILE]} (stdout without FILE).
 */
public final class StudyIndex {
    private StudyIndex() {
    }

    public static void main(String[] args) throws Exception {
        // A jar without any benchmark has no list at all (JMH itself would throw).
        List<Entry> entries = StudyIndex.class.getResource(BenchmarkList.BENCHMARK_LIST) == null ? List.of()
                : entries(BenchmarkList.defaultList().getAll(null, List.of()));
        String json = toJson(entries, versions());
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        } else {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.print(json);
        }
    }

    /**
     * One benchmark method's declarations.
     *
     * @param benchmark              JMH's full name, {@code package.Class.method}
     * @param modes                  JMH mode labels ({@code avgt}, {@code thrpt}, ...)
     * @param params                 declared {@code @Param} values by name
     * @param study                  the merged {@link Study} attributes (empty strings when undeclared)
     * @param hasStudy               whether a {@link Study} is present on the method or its class
     * @param allocationFree         {@link AllocationFree} on the method or its class
     * @param allocationFreeDeclared whether any benchmark of the class (or the class) carries it
     */
    record Entry(String benchmark, String className, String method, List<String> modes,
                 Map<String, List<String>> params, Map<String, Object> study, boolean hasStudy,
                 boolean allocationFree, boolean allocationFreeDeclared) {
    }

    static List<Entry> entries(Collection<BenchmarkListEntry> list) throws ClassNotFoundException {
        Map<String, Entry> byName = new TreeMap<>();
        for (BenchmarkListEntry e : list) {
            String name = e.getUsername();
            Entry old = byName.get(name);
            if (old != null) {
                old.modes().add(e.getMode().shortLabel());
                continue;
            }
            Map<String, List<String>> params = new TreeMap<>();
            if (e.getParams().hasValue()) {
                for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                    params.put(p.getKey(), List.of(p.getValue()));
                }
            }
            Class<?> c = Class.forName(e.getUserClassQName(), false, StudyIndex.class.getClassLoader());
            String methodName = name.substring(name.lastIndexOf('.') + 1);
            List<String> modes = new ArrayList<>(List.of(e.getMode().shortLabel()));
            byName.put(name, describe(name, c, methodName, modes, params));
        }
        return List.copyOf(byName.values());
    }

    /** The declarations of benchmark {@code methodName} of class {@code c}. */
    static Entry describe(String name, Class<?> c, String methodName, List<String> modes,
                          Map<String, List<String>> params) {
        Method m = Arrays.stream(c.getMethods()).filter(x -> x.getName().equals(methodName)).findFirst().orElse(null);
        Study cs = c.getAnnotation(Study.class);
        Study ms = m == null ? null : m.getAnnotation(Study.class);
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("study", pick(ms == null ? "" : ms.value(), cs == null ? "" : cs.value()));
        study.put("impl", pick(ms == null ? "" : ms.impl(), cs == null ? "" : cs.impl()));
        study.put("implParam", pick(ms == null ? "" : ms.implParam(), cs == null ? "" : cs.implParam()));
        study.put("size", pick(ms == null ? "" : ms.size(), cs == null ? "" : cs.size()));
        study.put("baseline", pick(ms == null ? "" : ms.baseline(), cs == null ? "" : cs.baseline()));
        study.put("flops", pick(ms == null ? "" : ms.flops(), cs == null ? "" : cs.flops()));
        study.put("bytes", pick(ms == null ? "" : ms.bytes(), cs == null ? "" : cs.bytes()));
        study.put("quick", List.of(ms != null && ms.quick().length > 0 ? ms.quick() : cs == null ? new String[0] : cs.quick()));
        study.put("peers", List.of(ms != null && ms.peers().length > 0 ? ms.peers() : cs == null ? new String[0] : cs.peers()));
        study.put("peer", (ms != null && ms.peer()) || (cs != null && cs.peer()));
        boolean free = c.isAnnotationPresent(AllocationFree.class) || (m != null && m.isAnnotationPresent(AllocationFree.class));
        boolean declared = c.isAnnotationPresent(AllocationFree.class)
                || Arrays.stream(c.getMethods()).anyMatch(x -> x.isAnnotationPresent(AllocationFree.class));
        return new Entry(name, c.getName(), methodName, modes, params, study, cs != null || ms != null, free, declared);
    }

    private static String pick(String method, String type) {
        return method.isEmpty() ? type : method;
    }

    /** {@code groupId:artifactId -> version} of every non-panopt library shaded into this jar. */
    static Map<String, String> versions() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path jar = codeSource();
        if (jar != null && Files.isRegularFile(jar)) {
            try (JarFile j = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> it = j.entries();
                while (it.hasMoreElements()) {
                    JarEntry e = it.nextElement();
                    if (!e.getName().startsWith("META-INF/maven/") || !e.getName().endsWith("/pom.properties")) {
                        continue;
                    }
                    Properties p = new Properties();
                    try (InputStream in = j.getInputStream(e)) {
                        p.load(in);
                    }
                    String g = p.getProperty("groupId", "?");
                    if (!g.equals("org.panopt")) {
                        out.put(g + ":" + p.getProperty("artifactId", "?"), p.getProperty("version", "?"));
                    }
                }
            }
        }
        // EJML's jars carry no pom.properties; it states its version in a class.
        try {
            out.put("org.ejml:ejml", (String) Class.forName("org.ejml.EjmlVersion").getField("VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            // not in this jar
        }
        return out;
    }

    private static Path codeSource() {
        try {
            return Path.of(StudyIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static String toJson(List<Entry> entries, Map<String, String> versions) {
        StringBuilder sb = new StringBuilder("{\n  \"benchmarks\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", e.benchmark());
            o.put("class", e.className());
            o.put("method", e.method());
            o.put("modes", new TreeSet<>(e.modes()));
            o.put("params", e.params());
            o.put("hasStudy", e.hasStudy());
            o.putAll(e.study());
            o.put("allocationFree", e.allocationFree());
            o.put("allocationFreeDeclared", e.allocationFreeDeclared());
            sb.append(i == 0 ? "\n    " : ",\n    ");
            value(sb, o);
        }
        sb.append("\n  ],\n  \"versions\": ");
        value(sb, versions);
        return sb.append("\n}\n").toString();
    }

    private static void value(StringBuilder sb, Object v) {
        switch (v) {
            case Map<?, ?> m -> {
                sb.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep);
                    value(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    value(sb, e.getValue());
                    sep = ", ";
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                String sep = "";
                for (Object x : c) {
                    sb.append(sep);
                    value(sb, x);
                    sep = ", ";
                }
                sb.append(']');
            }
            case Boolean b -> sb.append(b);
            default -> {
                sb.append('"');
                for (char ch : String.valueOf(v).toCharArray()) {
                    switch (ch) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\t' -> sb.append("\\t");
                        default -> {
                            if (ch < 0x20) {
                                sb.append(String.format("\\u%04x", (int) ch));
                            } else {
                                sb.append(ch);
                            }
                        }
                    }
                }
                sb.append('"');
            }
        }
    }
}
