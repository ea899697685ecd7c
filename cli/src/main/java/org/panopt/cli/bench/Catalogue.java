package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmarks jar's contents as its {@code StudyIndex} lists them: every benchmark's declarations,
 * and the versions of the libraries shaded into the jar.
 *
 * @param benchmarks by full benchmark name, in the index's order
 * @param versions   {@code groupId:artifactId -> version}
 */
public record Catalogue(Map<String, Declaration> benchmarks, Map<String, String> versions) {

    public Catalogue {
        benchmarks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(benchmarks));
        versions = java.util.Collections.unmodifiableMap(new TreeMap<>(versions));
    }

    /** An empty catalogue: every benchmark falls back to the conventions. */
    public static Catalogue empty() {
        return new Catalogue(Map.of(), Map.of());
    }

    /** Parses {@code StudyIndex}'s JSON. */
    public static Catalogue parse(String json) {
        Map<String, Object> root = Json.object(Json.parse(json));
        Map<String, Declaration> b = new LinkedHashMap<>();
        for (Object o : Json.array(root.get("benchmarks"))) {
            Declaration d = Declaration.of(Json.object(o));
            b.put(d.benchmark(), d);
        }
        Map<String, String> v = new TreeMap<>();
        Json.object(root.get("versions")).forEach((k, x) -> v.put(k, Json.string(x, "?")));
        return new Catalogue(b, v);
    }

    /** The declaration of {@code benchmark}, or the fallback one when the index does not list it. */
    public Declaration get(String benchmark) {
        Declaration d = benchmarks.get(benchmark);
        return d != null ? d : Declaration.undeclared(benchmark);
    }

    /** The listed benchmarks whose full name contains a match of {@code filter} (JMH's own rule), in order. */
    public List<Declaration> select(java.util.regex.Pattern filter) {
        List<Declaration> out = new ArrayList<>();
        for (Declaration d : benchmarks.values()) {
            if (filter == null || filter.matcher(d.benchmark()).find()) {
                out.add(d);
            }
        }
        return out;
    }
}
