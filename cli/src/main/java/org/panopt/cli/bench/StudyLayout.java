package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Groups measurements into studies: the JMH results by their declarations (or the fallbacks), the
 * external peers' results into the study that claims them, then sorts the rows, computes GFLOP/s,
 * GB/s and the ratio to the baseline in the same configuration.
 */
public final class StudyLayout {
    private StudyLayout() {
    }

    /** Rows of one study before sorting and ratios. */
    private static final class Draft {
        final String name;
        final List<Declaration> decls = new ArrayList<>();
        final List<Pending> rows = new ArrayList<>();
        final Set<String> notes = new LinkedHashSet<>();

        Draft(String name) {
            this.name = name;
        }
    }

    private record Pending(String label, boolean ours, Map<String, String> config, Measurement m, Declaration d) {
    }

    /**
     * Lays out every study.
     *
     * @param measured JMH results
     * @param peers    external peers' results (benchmark names {@code peers.<lib>.<name>})
     * @param cat      the benchmarks' declarations ({@link Catalogue#empty()} for fallbacks only)
     */
    public static List<StudyTable> layout(List<Measurement> measured, List<Measurement> peers, Catalogue cat) {
        Map<String, Draft> studies = new LinkedHashMap<>();
        for (Measurement m : measured) {
            Declaration d = cat.get(m.benchmark());
            String label = d.label(m.params());
            if (d.modes().size() > 1) {
                label += " [" + m.mode() + "]";
            }
            Map<String, String> config = new LinkedHashMap<>(m.params());
            String ip = d.implParamIn(m.params().keySet());
            if (ip != null) {
                config.remove(ip);
            }
            Draft s = studies.computeIfAbsent(d.studyName(), Draft::new);
            s.decls.add(d);
            s.rows.add(new Pending(label, !d.isPeer(label), config, m, d));
            if (!d.hasStudy()) {
                s.notes.add("`" + d.className() + "` declares no `@Study`: grouped by class, labelled by "
                        + (ip == null ? "method name" : "`" + ip + "`") + ".");
            }
        }
        for (Measurement m : peers) {
            // Its study: named by the record, else the one that claims it (measured, else declared in the jar).
            String name = m.study();
            Declaration claimant = null;
            if (name.isEmpty()) {
                name = studies.values().stream().filter(s -> s.decls.stream().anyMatch(d -> d.claimsPeer(m.benchmark())))
                        .map(s -> s.name).findFirst().orElse("");
            }
            if (name.isEmpty()) {
                claimant = cat.benchmarks().values().stream().filter(d -> d.claimsPeer(m.benchmark())).findFirst().orElse(null);
                name = claimant != null ? claimant.studyName() : "external: " + m.benchmark().replaceFirst("^peers\\.", "");
            }
            String label = m.impl().isEmpty() ? peerLabel(m.benchmark()) : m.impl();
            Draft s = studies.computeIfAbsent(name, Draft::new);
            if (claimant != null && s.decls.isEmpty()) {
                s.decls.add(claimant);
            }
            s.rows.add(new Pending(label, false, m.params(), m, Declaration.undeclared(m.benchmark())));
        }
        for (Draft s : studies.values()) {
            s.decls.stream().flatMap(d -> d.peers().stream()).distinct().forEach(p -> {
                if (peers.stream().noneMatch(m -> m.benchmark().equals(p) || m.benchmark().startsWith(p + "."))) {
                    s.notes.add("External peer `" + p + "` is declared but has no result (see External peers).");
                }
            });
        }
        List<StudyTable> out = new ArrayList<>();
        Set<String> slugs = new LinkedHashSet<>();
        for (Draft s : studies.values()) {
            out.add(finish(s, uniqueSlug(slug(s.name), slugs)));
        }
        return out;
    }

    /** A peer's default label: {@code pot sinkhorn_log} from {@code peers.pot.sinkhorn_log}. */
    static String peerLabel(String benchmark) {
        return benchmark.replaceFirst("^peers\\.", "").replace('.', ' ');
    }

    private static StudyTable finish(Draft s, String slug) {
        String declaredBaseline = first(s.decls, Declaration::baseline);
        String sizeParam = first(s.decls, Declaration::size);
        if (sizeParam.isEmpty()) {
            for (Pending p : s.rows) {
                String sp = p.d.sizeParamIn(p.config);
                if (sp != null) {
                    sizeParam = sp;
                    break;
                }
            }
        }
        String flops = first(s.decls, Declaration::flops);
        String bytes = first(s.decls, Declaration::bytes);

        // Table columns: size first, then the other parameters in order of appearance.
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        if (!sizeParam.isEmpty()) {
            columns.add(sizeParam);
        }
        s.rows.forEach(p -> columns.addAll(p.config.keySet()));
        // Parameters other than the size that vary within the study split the chart's lines.
        List<String> splitting = new ArrayList<>();
        for (String c : columns) {
            if (!c.equals(sizeParam) && s.rows.stream().map(p -> p.config.getOrDefault(c, "")).distinct().count() > 1) {
                splitting.add(c);
            }
        }

        // Several methods of one class measured under one implementation label (an implementation
        // parameter shared by the methods): tell them apart by method name.
        Map<String, Set<String>> benchmarksOf = new LinkedHashMap<>();
        s.rows.forEach(p -> benchmarksOf.computeIfAbsent(p.label, k -> new LinkedHashSet<>()).add(p.m.benchmark()));
        s.rows.replaceAll(p -> benchmarksOf.get(p.label).size() > 1
                ? new Pending(p.label + " " + p.d.method(), p.ours, p.config, p.m, p.d) : p);
        List<String> labels = s.rows.stream().map(Pending::label).distinct().toList();
        String baseline = declaredBaseline;
        if (baseline.isEmpty() && !labels.isEmpty()) {
            baseline = labels.getFirst();
            if (labels.size() > 1) {
                s.notes.add("No baseline declared: ratios are to " + baseline + ", the first implementation measured.");
            }
        } else if (!labels.contains(baseline)) {
            s.notes.add("The declared baseline " + baseline + " was not measured in this run: no ratios.");
            baseline = "";
        }

        final String size = sizeParam;
        final String base = baseline;
        List<Pending> sorted = new ArrayList<>(s.rows);
        Comparator<Pending> byConfig = (a, b) -> compareConfigs(a.config, b.config, columns);
        sorted.sort(byConfig
                .thenComparing(p -> !p.label.equals(base))
                .thenComparing(p -> !p.ours)
                .thenComparing(p -> labels.indexOf(p.label)));

        List<StudyTable.Row> rows = new ArrayList<>();
        LinkedHashSet<String> series = new LinkedHashSet<>();
        for (Pending p : sorted) {
            double sec = p.m.seconds();
            double gflops = work(p.d.flops().isEmpty() ? flops : p.d.flops(), p.m.params(), sec, s.notes);
            double gbs = work(p.d.bytes().isEmpty() ? bytes : p.d.bytes(), p.m.params(), sec, s.notes);
            double ratio = Double.NaN;
            double ratioErr = Double.NaN;
            Pending b = base.isEmpty() ? null : baselineFor(p, sorted, base);
            if (b != null) {
                ratio = sec / b.m.seconds();
                ratioErr = ratio * Math.hypot(p.m.relativeError(), b.m.relativeError());
            }
            StringBuilder line = new StringBuilder(p.label);
            for (String c : splitting) {
                if (p.config.containsKey(c)) {
                    line.append(' ').append(c).append('=').append(p.config.get(c));
                }
            }
            series.add(line.toString());
            rows.add(new StudyTable.Row(p.label, line.toString(), p.ours, p.config, p.m, sec, gflops, gbs, ratio, ratioErr));
        }
        // Ours allocating kilobytes per operation: either real, or C2 had not compiled the loop yet.
        List<String> heavy = rows.stream().filter(r -> r.ours() && Math.max(nanToZero(r.m().gcAlloc().mean()),
                nanToZero(r.m().benchAlloc().mean())) > HEAVY_ALLOCATION).map(StudyTable.Row::series).distinct().toList();
        if (!heavy.isEmpty()) {
            s.notes.add("Ours allocating over 1 KiB per operation: " + String.join(", ", heavy) + ". Either real, or C2 "
                    + "had not compiled the code by the end of the warm-up (interpreted Vector API code boxes every "
                    + "vector, and is slow): likely on a busy machine or in a quick run. `./panopt bench --alloc-check` "
                    + "tells the two apart.");
        }
        // Legend: ours first, then the peers, each in order of appearance.
        List<String> legend = new ArrayList<>();
        for (boolean ours : new boolean[]{true, false}) {
            for (String l : series) {
                if (rows.stream().anyMatch(r -> r.series().equals(l) && r.ours() == ours) && !legend.contains(l)) {
                    legend.add(l);
                }
            }
        }
        return new StudyTable(s.name, slug, size.isEmpty() ? null : size, base, List.copyOf(columns), legend, rows,
                List.copyOf(s.notes));
    }

    /** Bytes per operation above which the report questions one of our rows. */
    static final double HEAVY_ALLOCATION = 1024;

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String first(List<Declaration> decls, java.util.function.Function<Declaration, String> f) {
        return decls.stream().map(f).filter(x -> !x.isEmpty()).findFirst().orElse("");
    }

    /** Work per second in units of 1e9 from a per-operation expression; NaN (with a note) when it cannot be evaluated. */
    private static double work(String expression, Map<String, String> params, double seconds, Set<String> notes) {
        if (expression.isEmpty()) {
            return Double.NaN;
        }
        try {
            return WorkExpression.evaluate(expression, params) / seconds / 1e9;
        } catch (IllegalArgumentException e) {
            notes.add("Cannot evaluate " + e.getMessage() + ".");
            return Double.NaN;
        }
    }

    /** The baseline's row agreeing with {@code p} on every parameter both have (the most shared, if several). */
    private static Pending baselineFor(Pending p, List<Pending> rows, String baseline) {
        Pending best = null;
        int bestShared = -1;
        for (Pending q : rows) {
            if (!q.label.equals(baseline)) {
                continue;
            }
            int shared = 0;
            boolean agree = true;
            for (Map.Entry<String, String> e : p.config.entrySet()) {
                String v = q.config.get(e.getKey());
                if (v != null) {
                    shared++;
                    agree &= sameValue(v, e.getValue());
                }
            }
            if (agree && shared > bestShared) {
                best = q;
                bestShared = shared;
            }
        }
        return best;
    }

    private static boolean sameValue(String a, String b) {
        if (Declaration.isNumber(a) && Declaration.isNumber(b)) {
            return Double.parseDouble(a.strip()) == Double.parseDouble(b.strip());
        }
        return a.equals(b);
    }

    /** Orders configurations parameter by parameter, numbers numerically, absent values first. */
    private static int compareConfigs(Map<String, String> a, Map<String, String> b, Set<String> columns) {
        for (String c : columns) {
            String x = a.get(c);
            String y = b.get(c);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            int r = Declaration.isNumber(x) && Declaration.isNumber(y)
                    ? Double.compare(Double.parseDouble(x.strip()), Double.parseDouble(y.strip())) : x.compareTo(y);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /** A file-name form: lower case letters, digits and dashes. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "study" : s;
    }

    private static String uniqueSlug(String slug, Set<String> taken) {
        String s = slug;
        for (int k = 2; !taken.add(s); k++) {
            s = slug + "-" + k;
        }
        return s;
    }
}
