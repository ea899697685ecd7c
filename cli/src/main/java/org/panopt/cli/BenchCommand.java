package org.panopt.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.panopt.cli.bench.BenchRunner;
import org.panopt.cli.bench.RunPlan;

/** {@code panopt bench}: the JMH studies with peers side by side, a report with charts, and the allocation gate. */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "JMH studies vs peers: report + SVG charts; --alloc-check is the allocation gate";
    }

    @Override
    public String help() {
        return """
                usage: panopt bench [--quick|--full] [--filter REGEX] [--threads N] [--out DIR] [--alloc-check]
                                    [--no-peers] [--jmh "OPTIONS"] [--list] [--from DIR]

                Runs the JMH benchmarks (jmh/target/benchmarks.jar, built when missing or stale) with the GC
                profiler, runs the external peers in jmh/peers/ (Python: POT, NumPy, scikit-learn, PyTorch)
                when their modules are importable, and writes to DIR: jmh.json (JMH's results), report.md
                (machine facts, then one table per study: ours and the peers side by side, ratios to the
                baseline, confidence intervals, bytes/op), one SVG chart per study, and the logs.

                  --quick          a few sizes, short iterations, one fork: minutes (the default)
                  --full           every declared size, two forks, longer iterations: the publication run
                  --filter REGEX   only benchmarks whose full name matches (JMH's rule); peer scripts
                                   only when REGEX matches their file name
                  --threads N      threads for the libraries: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
                                   -Dpanopt.threads, and a benchmark's `threads` parameter (default 1)
                  --out DIR        where to write (default bench-results/<date-time>/; bench-results/latest
                                   links to the newest)
                  --alloc-check    the allocation gate: runs our allocation-free benchmarks briefly (marked
                                   @AllocationFree, kernels, step/iteration methods) and fails, naming them,
                                   when gc.alloc.rate.norm exceeds 16 B/op
                  --no-peers       skip the Python peer scripts
                  --jmh "OPTIONS"  extra JMH options, appended (e.g. "-wi 10")
                  --list           print the plan (benchmarks, parameters, estimated time) and exit
                  --from DIR       rewrite the report and charts of an earlier run from its files

                Conventions for benchmarks (@Study, @AllocationFree, peer JSON): jmh/README.md.
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("filter", "threads", "out", "jmh", "from");
    }

    @Override
    public Set<String> flags() {
        return Set.of("quick", "full", "alloc-check", "no-peers", "list");
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        if (!options.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + options.positional().getFirst() + "'");
        }
        if (options.flag("quick") && options.flag("full")) {
            throw new UsageException("--quick and --full exclude each other");
        }
        if (options.has("from")) {
            return BenchRunner.rewrite(options.path("from"), out);
        }
        RunPlan.Mode mode = options.flag("alloc-check") ? RunPlan.Mode.GATE
                : options.flag("full") ? RunPlan.Mode.FULL : RunPlan.Mode.QUICK;
        if (mode == RunPlan.Mode.GATE && options.flag("full")) {
            throw new UsageException("--alloc-check has its own settings: drop --full");
        }
        Pattern filter = null;
        if (options.has("filter")) {
            try {
                filter = Pattern.compile(options.string("filter", ""));
            } catch (PatternSyntaxException e) {
                throw new UsageException("--filter is not a regular expression: " + e.getDescription());
            }
        }
        int threads = options.integer("threads", 1);
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        List<String> jmh = options.has("jmh") && !options.string("jmh", "").isBlank()
                ? List.of(options.string("jmh", "").strip().split("\\s+")) : List.of();
        Path root = Path.of(System.getProperty("panopt.root", ".")).toAbsolutePath().normalize();
        return BenchRunner.run(new BenchRunner.Settings(root, mode, filter, threads, options.has("threads"),
                options.path("out"), !options.flag("no-peers"), jmh, options.flag("list"), commandLine(options)), out);
    }

    /** The command line as the report shows it. */
    private static String commandLine(Options o) {
        List<String> parts = new ArrayList<>(List.of("./panopt", "bench"));
        for (String f : List.of("quick", "full", "alloc-check", "no-peers", "list")) {
            if (o.flag(f)) {
                parts.add("--" + f);
            }
        }
        for (String v : List.of("filter", "threads", "out", "jmh")) {
            if (o.has(v)) {
                String x = o.string(v, "");
                parts.add("--" + v);
                parts.add(x.matches("[\\w./=,:-]+") ? x : "'" + x + "'");
            }
        }
        return String.join(" ", parts);
    }
}
