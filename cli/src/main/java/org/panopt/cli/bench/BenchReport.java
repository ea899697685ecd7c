package org.panopt.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of a run: machine and library facts, one table and one chart per study (ours
 * and the peers side by side, ratios to the baseline, confidence intervals, bytes per operation), the
 * peers that were not measured and why, and the benchmarks that gave no result.
 */
public final class BenchReport {
    private BenchReport() {
    }

    /** Display names of the libraries the report lists. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("org.ejml:ejml", "EJML"), Map.entry("org.ojalgo:ojalgo", "ojAlgo"),
            Map.entry("dev.ludovic.netlib:blas", "netlib BLAS (dev.ludovic.netlib: F2J and VectorBLAS)"),
            Map.entry("org.openjdk.jmh:jmh-core", "JMH"), Map.entry("org.bytedeco:openblas", "OpenBLAS (org.bytedeco)"),
            Map.entry("python", "Python"), Map.entry("ot", "POT (ot)"), Map.entry("sklearn", "scikit-learn"),
            Map.entry("torch", "PyTorch"), Map.entry("numpy", "NumPy"), Map.entry("scipy", "SciPy"));

    /**
     * Writes {@code report.md} and one SVG chart per study into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> write(Path dir, BenchRun run, List<StudyTable> studies) throws IOException {
        List<Path> files = new ArrayList<>();
        for (StudyTable t : studies) {
            Path svg = dir.resolve(t.slug() + ".svg");
            Files.writeString(svg, SvgChart.render(t), StandardCharsets.UTF_8);
            files.add(svg);
        }
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(run, studies), StandardCharsets.UTF_8);
        files.addFirst(md);
        return files;
    }

    /** The report's Markdown. */
    public static String markdown(BenchRun run, List<StudyTable> studies) {
        StringBuilder md = new StringBuilder("# panopt benchmark report\n\n");
        md.append("Made by `").append(run.command()).append("` on ").append(run.machine().getOrDefault("Date", "?"))
                .append(".  \nJMH settings: ").append(run.settings()).append(".\n\n");
        if (run.settings().startsWith("quick")) {
            md.append("> A quick run is indicative only: short iterations, one fork, few sizes. Publication figures "
                    + "come from `./panopt bench --full` on a quiet machine.\n\n");
        }
        md.append("How to read the tables: *time/op* is JMH's mean with the half-width of its 99.9 % confidence "
                + "interval; *÷ baseline* is the time per operation divided by the baseline's in the same "
                + "configuration (below 1 = faster than the baseline), with its interval; *B/op* is JMH's "
                + "`gc.alloc.rate.norm`, heap bytes allocated per operation by all threads, JMH's own 6–14 KB "
                + "per iteration included (which shows on slow benchmarks); *B/op bench* leaves out JMH's "
                + "runner thread (`alloc.benchmark.norm`, what the allocation gate judges); — when not "
                + "profiled, as for external peers. Ours are marked ●, peers ○.\n\n");

        md.append("## Studies\n\n");
        if (studies.isEmpty()) {
            md.append("No results: no benchmark was run (see below).\n\n");
        }
        for (StudyTable t : studies) {
            md.append("- [").append(t.name()).append("](#").append(anchor(t.name())).append(") — ")
                    .append(t.series().size()).append(" series, ").append(t.rows().size()).append(" results\n");
        }
        md.append('\n');

        md.append("## Machine\n\n| | |\n|---|---|\n");
        run.machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append("\n## Libraries\n\n| library | version |\n|---|---|\n");
        run.libraries().forEach((k, v) -> md.append("| ").append(NAMES.getOrDefault(k, k)).append(" | ").append(v).append(" |\n"));
        run.peers().stream().flatMap(p -> p.modules().entrySet().stream()).distinct().forEach(e ->
                md.append("| ").append(NAMES.getOrDefault(e.getKey(), e.getKey())).append(" (Python peer) | ")
                        .append(e.getValue()).append(" |\n"));
        md.append('\n');

        for (StudyTable t : studies) {
            study(md, t);
        }

        md.append("## External peers\n\n");
        if (run.peers().isEmpty()) {
            md.append("No peer scripts were run (none in `jmh/peers/`, or `--no-peers`).\n\n");
        } else {
            md.append("| script | measured | detail |\n|---|---|---|\n");
            for (PeerScripts.Outcome p : run.peers()) {
                md.append("| `").append(p.script()).append("` | ").append(p.measured() ? "yes" : "**no**").append(" | ")
                        .append(cell(p.detail())).append(" |\n");
            }
            md.append('\n');
        }
        if (!run.missing().isEmpty()) {
            md.append("## Benchmarks without a result\n\nThese were planned but JMH reported nothing for them "
                    + "(an exception in the benchmark, see `jmh.log`):\n\n");
            run.missing().forEach(m -> md.append("- `").append(m).append("`\n"));
            md.append('\n');
        }
        md.append("## Files\n\n- `jmh.json`: JMH's results (all invocations merged)\n- `studies.json`: what each "
                + "benchmark declares (`@Study`, `@AllocationFree`)\n- `run.json`: the facts above, for "
                + "`./panopt bench --from DIR`\n- `peers/`: the peer scripts' JSON and logs\n- `jmh.log`: JMH's "
                + "console output\n- `*.svg`: one chart per study\n");
        return md.toString();
    }

    private static void study(StringBuilder md, StudyTable t) {
        md.append("## ").append(t.name()).append("\n\n");
        md.append("![").append(t.name()).append("](").append(t.slug()).append(".svg)\n\n");
        if (!t.baseline().isEmpty()) {
            md.append("Baseline: **").append(t.baseline()).append("**. ");
        }
        md.append(switch (t.metric()) {
            case "GFLOP/s" -> "Chart: GFLOP/s (higher is better).";
            case "GB/s" -> "Chart: GB/s (higher is better).";
            default -> "Chart: time per operation (lower is better).";
        }).append("\n\n");
        for (String n : t.notes()) {
            md.append("- ").append(n).append('\n');
        }
        if (!t.notes().isEmpty()) {
            md.append('\n');
        }
        Map<String, String> fixed = t.fixedParams();
        if (!fixed.isEmpty()) {
            md.append("Same in every row: ");
            fixed.forEach((k, v) -> md.append('`').append(k).append(" = ").append(cell(v)).append("` "));
            md.append("\n\n");
        }
        List<String> columns = t.configParams().stream().filter(c -> !fixed.containsKey(c)).toList();
        double scale = Units.timeScale(t.rows().stream().mapToDouble(StudyTable.Row::seconds).toArray());
        boolean gflops = t.rows().stream().anyMatch(r -> Double.isFinite(r.gflops()));
        boolean gbs = t.rows().stream().anyMatch(r -> Double.isFinite(r.gbs()));
        boolean ratios = !t.baseline().isEmpty();
        StringBuilder head = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        for (String c : columns) {
            head.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        head.append(" implementation | time/op (").append(Units.timeName(scale)).append(") |");
        rule.append("---|---:|");
        if (gflops) {
            head.append(" GFLOP/s |");
            rule.append("---:|");
        }
        if (gbs) {
            head.append(" GB/s |");
            rule.append("---:|");
        }
        if (ratios) {
            head.append(" ÷ ").append(cell(t.baseline())).append(" |");
            rule.append("---:|");
        }
        head.append(" B/op | B/op bench |");
        rule.append("---:|---:|");
        md.append(head).append('\n').append(rule).append('\n');
        for (StudyTable.Row r : t.rows()) {
            md.append('|');
            for (String c : columns) {
                md.append(' ').append(cell(r.config().getOrDefault(c, ""))).append(" |");
            }
            double rel = r.m().relativeError();
            md.append(' ').append(r.ours() ? "● " : "○ ").append(cell(r.label())).append(" | ")
                    .append(Units.withError(r.seconds() / scale, r.seconds() / scale * rel)).append(" |");
            if (gflops) {
                md.append(' ').append(Units.withError(r.gflops(), r.gflops() * rel)).append(" |");
            }
            if (gbs) {
                md.append(' ').append(Units.withError(r.gbs(), r.gbs() * rel)).append(" |");
            }
            if (ratios) {
                md.append(' ').append(r.label().equals(t.baseline()) && r.ratio() == 1 ? "1 (baseline)"
                        : Units.withError(r.ratio(), r.ratioErr())).append(" |");
            }
            md.append(' ').append(bytes(r.m().gcAlloc().mean())).append(" | ").append(bytes(r.m().benchAlloc().mean()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** Bytes per operation: "0" for less than 0.01 (JMH's noise on allocation-free code), "—" when not profiled. */
    static String bytes(double v) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        if (v < 0.01) {
            return "0";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The allocation gate's report: one line per judged configuration. */
    public static String gate(BenchRun run, List<AllocationGate.Verdict> verdicts) {
        StringBuilder md = new StringBuilder("# panopt allocation gate\n\n");
        md.append("Made by `").append(run.command()).append("` on ").append(run.machine().getOrDefault("Date", "?"))
                .append(". JMH settings: ").append(run.settings()).append(". Limit: ")
                .append(String.format(Locale.ROOT, "%.0f", AllocationGate.LIMIT))
                .append(" B/op, judged on `alloc.benchmark.norm` (every thread but JMH's runner; JMH's "
                        + "`gc.alloc.rate.norm` when absent), least over the measurement iterations, plus JMH's own "
                        + "per-iteration allocation spread over the operations.\n\n");
        md.append("**").append(AllocationGate.passed(verdicts) ? "PASSED" : "FAILED").append("**: ")
                .append(verdicts.stream().filter(AllocationGate.Verdict::passed).count()).append(" of ")
                .append(verdicts.size()).append(" configurations within the limit.\n\n");
        md.append("| benchmark | parameters | B/op judged | limit | gc.alloc.rate.norm | verdict |\n"
                + "|---|---|---:|---:|---:|---|\n");
        for (AllocationGate.Verdict v : verdicts) {
            StringBuilder p = new StringBuilder();
            v.params().forEach((k, x) -> p.append(p.isEmpty() ? "" : " ").append(k).append('=').append(x));
            md.append("| `").append(v.benchmark()).append("` | ").append(p).append(" | ").append(bytes(v.bytesPerOp()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", v.limit())).append(" | ")
                    .append(bytes(v.gcNorm())).append(" | ").append(v.passed() ? "ok" : "**FAIL**: " + cell(v.problem()))
                    .append(" |\n");
        }
        md.append("\n## Machine\n\n| | |\n|---|---|\n");
        run.machine().forEach((k, x) -> md.append("| ").append(k).append(" | ").append(cell(x)).append(" |\n"));
        return md.toString();
    }
}
