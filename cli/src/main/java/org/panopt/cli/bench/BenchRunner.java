package org.panopt.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a benchmark study end to end: lists the benchmarks jar's declarations, plans and runs the JMH
 * invocations (GC profiler on), runs the external peers, and writes the results, the report and the
 * charts; or runs the allocation gate and judges it.
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    /** What --quick should take on two cores. */
    static final Duration QUICK_BUDGET = Duration.ofMinutes(5);

    /** The benchmarks jar's profiler of allocation outside JMH's runner thread. */
    static final String ALLOCATION_PROFILER = "org.panopt.jmh.study.BenchmarkAllocationProfiler";

    /** Main class of the benchmarks jar that lists its declarations. */
    static final String INDEX_MAIN = "org.panopt.jmh.study.StudyIndex";

    /**
     * What to run.
     *
     * @param root     the repository root (holds {@code jmh/target/benchmarks.jar})
     * @param mode     quick, full or the allocation gate
     * @param filter   JMH-style regex on benchmark names (null: all)
     * @param threads  threads for the libraries (OpenBLAS, OpenMP, {@code -Dpanopt.threads}); 1 by default
     * @param threadsGiven whether {@code threads} was asked for (then it also overrides a {@code threads} parameter)
     * @param out      output directory (null: {@code bench-results/<date-time>/} under the root)
     * @param peers    run the external peer scripts
     * @param jmhExtra extra JMH options, appended
     * @param list     only print the plan
     * @param command  the command line, for the report
     */
    public record Settings(Path root, RunPlan.Mode mode, Pattern filter, int threads, boolean threadsGiven, Path out,
                           boolean peers, List<String> jmhExtra, boolean list, String command) {
    }

    /** Runs; returns the exit status (0: everything measured, gate passed). */
    public static int run(Settings s, PrintStream out) throws IOException, InterruptedException {
        Path jar = s.root().resolve("jmh/target/benchmarks.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./panopt bench builds it, or run "
                    + "mvn -B -pl jmh -am package -DskipTests");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> flags = jvmFlags(s.root());
        Path dir = s.list() ? Files.createTempDirectory("panopt-bench") : outputDirectory(s);
        Files.createDirectories(dir);

        Catalogue cat = index(java, flags, jar, dir);
        RunPlan plan = RunPlan.of(cat, s.mode(), s.filter(), s.threadsGiven() ? s.threads() : 0);
        out.printf(Locale.ROOT, "panopt bench (%s): %d benchmarks, %d configurations in %d JMH invocation%s, about %s%n",
                s.mode().describe(), plan.benchmarks().size(), plan.configurations(), plan.invocations().size(),
                plan.invocations().size() == 1 ? "" : "s", minutes(plan.estimatedSeconds()));
        plan.skipped().forEach(x -> out.println("  skipped " + x));
        if (s.mode() == RunPlan.Mode.QUICK && plan.estimatedSeconds() > QUICK_BUDGET.toSeconds()) {
            out.println("  note: over the quick budget of " + QUICK_BUDGET.toMinutes() + " min; most configurations: "
                    + String.join(", ", plan.heaviest(3)) + " (trim them with @Study(quick = ...), see jmh/README.md)");
        }
        if (s.list()) {
            for (RunPlan.Invocation inv : plan.invocations()) {
                out.println("  JMH " + String.join(" ", inv.paramOptions()) + (inv.params().isEmpty() ? "(declared parameters)" : ""));
                inv.benchmarks().forEach(b -> out.println("    " + b + describe(cat.get(b))));
            }
            deleteTree(dir);
            return 0;
        }
        if (plan.invocations().isEmpty()) {
            out.println(cat.benchmarks().isEmpty() ? "The benchmarks jar contains no benchmark yet."
                    : "No benchmark matches" + (s.filter() == null ? "." : " --filter " + s.filter() + "."));
        }
        out.println("results go to " + dir);

        // JMH, one invocation per set of parameter overrides; the results merged into jmh.json.
        Jmh jmh = new Jmh(java, flags, jar, dir, s.threads(), s.jmhExtra(), out);
        Batch batch = jmh.run(plan.invocations(), s.mode(), "jmh");
        Set<String> got = new LinkedHashSet<>();
        batch.results().forEach(m -> got.add(m.benchmark()));
        List<String> missing = plan.benchmarks().stream().filter(b -> !got.contains(b)).toList();

        Map<String, String> machine = MachineFacts.collect(s.root(), flags, s.threads());
        if (s.mode() == RunPlan.Mode.GATE) {
            return gate(s, cat, plan, jmh, batch, machine, missing, out);
        }
        List<PeerScripts.Outcome> outcomes = new ArrayList<>();
        List<Measurement> peerResults = new ArrayList<>();
        peers(s, dir, outcomes, peerResults, out);
        BenchRun run = new BenchRun(s.command(), s.mode().describe(), machine, cat.versions(), outcomes, missing);
        Files.writeString(dir.resolve("run.json"), run.toJson(), StandardCharsets.UTF_8);
        List<StudyTable> tables = StudyLayout.layout(batch.results(), peerResults, cat);
        BenchReport.write(dir, run, tables);
        linkLatest(s.root(), dir);
        out.printf(Locale.ROOT, "report: %s (%d studies, %d results%s)%n", dir.resolve("report.md"), tables.size(),
                batch.results().size() + peerResults.size(),
                missing.isEmpty() ? "" : ", " + missing.size() + " benchmarks without a result");
        return batch.failures().isEmpty() && missing.isEmpty() ? 0 : 1;
    }

    /** Results of some JMH invocations and the invocations that failed. */
    private record Batch(List<Measurement> results, List<String> failures) {
    }

    /** How to run JMH: the JVM, its flags, the jar, where results go. */
    private record Jmh(Path java, List<String> flags, Path jar, Path dir, int threads, List<String> extra,
                       PrintStream out) {
        /** Runs {@code invocations} with {@code mode}'s settings; results merged into {@code <name>.json}. */
        Batch run(List<RunPlan.Invocation> invocations, RunPlan.Mode mode, String name)
                throws IOException, InterruptedException {
            List<String> failures = new ArrayList<>();
            List<Path> parts = new ArrayList<>();
            for (int i = 0; i < invocations.size(); i++) {
                RunPlan.Invocation inv = invocations.get(i);
                Path part = dir.resolve(name + "-" + (i + 1) + ".json");
                List<String> cmd = new ArrayList<>();
                cmd.add(java.toString());
                cmd.addAll(flags);
                cmd.add("-Dpanopt.threads=" + threads);
                cmd.addAll(List.of("-jar", jar.toString(), "-rf", "json", "-rff", part.toString(), "-prof", "gc",
                        "-prof", ALLOCATION_PROFILER));
                cmd.addAll(mode.jmhOptions());
                cmd.addAll(inv.paramOptions());
                cmd.addAll(extra);
                cmd.add(inv.includePattern());
                int st = jmh(cmd, threadEnv(threads), dir.resolve("jmh.log"), out);
                if (st != 0) {
                    failures.add("JMH invocation " + (i + 1) + " exited with status " + st);
                }
                parts.add(part);
            }
            String merged = merge(parts);
            Files.writeString(dir.resolve(name + ".json"), merged, StandardCharsets.UTF_8);
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
            failures.forEach(f -> out.println("panopt bench: " + f + " (see " + dir.resolve("jmh.log") + ")"));
            return new Batch(Measurement.parseAll(merged, "jmh"), failures);
        }
    }

    /**
     * The allocation gate. Configurations that fail the brief pass are run again with a long warm-up
     * before they are declared failures: on a loaded machine C2 can still be compiling after the
     * brief warm-up, and interpreted or C1 Vector API code boxes every vector.
     */
    private static int gate(Settings s, Catalogue cat, RunPlan plan, Jmh jmh, Batch first, Map<String, String> machine,
                            List<String> missing, PrintStream out) throws IOException, InterruptedException {
        List<AllocationGate.Verdict> verdicts = AllocationGate.check(first.results(), cat, plan.benchmarks());
        List<RunPlan.Invocation> retry = new ArrayList<>();
        for (AllocationGate.Verdict v : verdicts) {
            if (!v.passed() && !v.metric().isEmpty()) { // failed with a result (not a benchmark error)
                Map<String, List<String>> exact = new java.util.TreeMap<>();
                v.params().forEach((k, x) -> exact.put(k, List.of(x)));
                retry.add(new RunPlan.Invocation(List.of(v.benchmark()), exact, 1));
            }
        }
        List<String> failures = new ArrayList<>(first.failures());
        if (!retry.isEmpty()) {
            out.println();
            out.println(retry.size() + " configuration" + (retry.size() == 1 ? "" : "s") + " over the limit: running "
                    + (retry.size() == 1 ? "it" : "them") + " again with " + RunPlan.Mode.GATE_CONFIRM.describe()
                    + " to tell JIT warm-up from real allocation");
            Batch again = jmh.run(retry, RunPlan.Mode.GATE_CONFIRM, "jmh-confirm");
            failures.addAll(again.failures());
            List<AllocationGate.Verdict> confirmed = AllocationGate.check(again.results(), cat,
                    retry.stream().map(i -> i.benchmarks().getFirst()).distinct().toList());
            List<AllocationGate.Verdict> merged = new ArrayList<>();
            for (AllocationGate.Verdict v : verdicts) {
                if (v.passed() || retry.stream().noneMatch(i -> i.benchmarks().getFirst().equals(v.benchmark()))) {
                    merged.add(v);
                }
            }
            merged.addAll(confirmed);
            verdicts = merged;
        }
        BenchRun run = new BenchRun(s.command(), s.mode().describe() + (retry.isEmpty() ? ""
                : "; failures re-run with " + RunPlan.Mode.GATE_CONFIRM.describe()), machine, cat.versions(), List.of(),
                missing);
        Files.writeString(jmh.dir().resolve("run.json"), run.toJson(), StandardCharsets.UTF_8);
        Files.writeString(jmh.dir().resolve("alloc-check.md"), BenchReport.gate(run, verdicts), StandardCharsets.UTF_8);
        out.println();
        verdicts.forEach(v -> out.println(v.describe()));
        boolean ok = AllocationGate.passed(verdicts) && failures.isEmpty();
        out.printf(Locale.ROOT, "allocation gate %s: %d of %d configurations at most %.0f B/op (report: %s)%n",
                ok ? "PASSED" : "FAILED", verdicts.stream().filter(AllocationGate.Verdict::passed).count(),
                verdicts.size(), AllocationGate.LIMIT, jmh.dir().resolve("alloc-check.md"));
        if (verdicts.isEmpty()) {
            out.println("(no allocation-free benchmark found: mark them @AllocationFree, see jmh/README.md)");
        }
        return ok ? 0 : 1;
    }

    /** Runs the external peer scripts the settings allow, collecting what happened and their results. */
    private static void peers(Settings s, Path dir, List<PeerScripts.Outcome> outcomes, List<Measurement> results,
                              PrintStream out) throws IOException, InterruptedException {
        Path python = Path.of(System.getenv().getOrDefault("PANOPT_PYTHON", "/usr/bin/python3"));
        Duration timeout = s.mode() == RunPlan.Mode.FULL ? Duration.ofHours(1) : Duration.ofMinutes(3);
        for (Path script : PeerScripts.find(s.root().resolve("jmh/peers"))) {
            String stem = script.getFileName().toString().replaceFirst("\\.py$", "");
            if (!s.peers()) {
                outcomes.add(PeerScripts.skipped(script, "not run: --no-peers"));
            } else if (s.filter() != null && !s.filter().matcher(stem).find()) {
                outcomes.add(PeerScripts.skipped(script, "not run: --filter " + s.filter() + " does not match its name"));
            } else {
                out.println("peer " + script.getFileName() + " ...");
                PeerScripts.Run r = PeerScripts.run(script, python, s.root(), dir.resolve("peers"), s.mode().label(),
                        s.threads(), timeout);
                out.println("peer " + script.getFileName() + ": " + (r.outcome().measured() ? "" : "not measured, ")
                        + r.outcome().detail());
                outcomes.add(r.outcome());
                results.addAll(r.results());
            }
        }
    }

    /** Rewrites the report and charts of an earlier run's directory from its saved files. */
    public static int rewrite(Path dir, PrintStream out) throws IOException {
        for (String f : List.of("run.json", "jmh.json")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IllegalStateException(dir.resolve(f) + " is missing: --from needs the directory of a bench run");
            }
        }
        BenchRun run = BenchRun.parse(Files.readString(dir.resolve("run.json"), StandardCharsets.UTF_8));
        Catalogue cat = Files.isRegularFile(dir.resolve("studies.json"))
                ? Catalogue.parse(Files.readString(dir.resolve("studies.json"), StandardCharsets.UTF_8)) : Catalogue.empty();
        List<Measurement> results = Measurement.parseAll(Files.readString(dir.resolve("jmh.json"), StandardCharsets.UTF_8), "jmh");
        List<Measurement> peerResults = new ArrayList<>();
        for (PeerScripts.Outcome o : run.peers()) {
            Path json = dir.resolve("peers").resolve(o.script().replaceFirst("\\.py$", ".json"));
            if (o.measured() && Files.isRegularFile(json)) {
                peerResults.addAll(Measurement.parseAll(Files.readString(json, StandardCharsets.UTF_8), o.script()));
            }
        }
        List<StudyTable> tables = StudyLayout.layout(results, peerResults, cat);
        BenchReport.write(dir, run, tables);
        out.println("report: " + dir.resolve("report.md") + " (" + tables.size() + " studies)");
        return 0;
    }

    /** Lists the jar's benchmarks with their declarations. */
    private static Catalogue index(Path java, List<String> flags, Path jar, Path dir) throws IOException, InterruptedException {
        Path json = dir.resolve("studies.json");
        Path log = dir.resolve("index.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", jar.toString(), INDEX_MAIN, json.toString()));
        int st = Processes.runToFiles(cmd, Map.of(), dir, dir.resolve("index.out"), log, Duration.ofMinutes(2));
        if (st != 0 || !Files.isRegularFile(json)) {
            throw new IllegalStateException("listing the benchmarks failed (" + INDEX_MAIN + "): " + Processes.lastLine(log)
                    + " — is " + jar + " older than the harness? delete it and run ./panopt bench again");
        }
        Files.deleteIfExists(dir.resolve("index.out"));
        Files.deleteIfExists(log);
        return Catalogue.parse(Files.readString(json, StandardCharsets.UTF_8));
    }

    /** The launcher's JVM flags (filtered from the parent pom into cli/target/launcher/jvm.args). */
    static List<String> jvmFlags(Path root) throws IOException {
        Path args = root.resolve("cli/target/launcher/jvm.args");
        if (Files.isRegularFile(args)) {
            return List.of(Files.readString(args, StandardCharsets.UTF_8).strip().split("\\s+"));
        }
        // Not launched from a built checkout: reuse this JVM's module and native-access flags.
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("--enable-native-access")).toList();
    }

    private static Map<String, String> threadEnv(int threads) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            env.put(v, Integer.toString(threads));
        }
        return env;
    }

    private static Path outputDirectory(Settings s) {
        if (s.out() != null) {
            return s.out().toAbsolutePath();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return s.root().resolve("bench-results").resolve((s.mode() == RunPlan.Mode.GATE ? "alloc-" : "") + stamp);
    }

    /** bench-results/latest points at the newest run (best effort: not every file system has links). */
    private static void linkLatest(Path root, Path dir) {
        Path results = root.resolve("bench-results");
        if (!dir.getParent().equals(results)) {
            return;
        }
        try {
            Path latest = results.resolve("latest");
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, dir.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            // the report is written; the link is a convenience
        }
    }

    /** JMH result arrays merged into one, each record kept as JMH wrote it. */
    static String merge(List<Path> parts) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (Path p : parts) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            String t = Files.readString(p, StandardCharsets.UTF_8).strip();
            int a = t.indexOf('[');
            int b = t.lastIndexOf(']');
            String inner = a >= 0 && b > a ? t.substring(a + 1, b).strip() : "";
            if (!inner.isEmpty()) {
                sb.append(sb.length() > 1 ? ",\n" : "\n").append(inner);
            }
        }
        return sb.append("\n]\n").toString();
    }

    /** How long to wait for another JMH run on this machine to release JMH's lock. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(30);

    /**
     * Runs one JMH invocation. JMH refuses to start while another JMH run on this machine holds
     * {@code /tmp/jmh.lock} (two runs would disturb each other's figures): then wait and retry.
     */
    private static int jmh(List<String> cmd, Map<String, String> env, Path log, PrintStream out)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        boolean told = false;
        while (true) {
            boolean[] locked = {false};
            int st = Processes.runLogged(cmd, env, log, line -> {
                if (line.contains("Unable to acquire the JMH lock")) {
                    locked[0] = true;
                } else if (progress(line)) {
                    out.println(line);
                }
            });
            if (!locked[0] || System.nanoTime() > deadline) {
                return st;
            }
            if (!told) {
                out.println("another JMH run holds /tmp/jmh.lock: waiting for it to finish (up to "
                        + LOCK_WAIT.toMinutes() + " min)...");
                told = true;
            }
            Thread.sleep(10_000);
        }
    }

    /** JMH console lines worth showing while it runs. */
    private static boolean progress(String line) {
        return line.startsWith("# Run progress") || line.startsWith("# Benchmark:") || line.startsWith("# Parameters:")
                || line.startsWith("<failure>") || line.contains("Exception") || line.startsWith("ERROR")
                || line.startsWith("Error:");
    }

    private static String describe(Declaration d) {
        StringBuilder sb = new StringBuilder();
        sb.append("  [study ").append(d.studyName());
        if (!d.baseline().isEmpty()) {
            sb.append(", baseline ").append(d.baseline());
        }
        if (!d.flops().isEmpty()) {
            sb.append(", flops ").append(d.flops());
        }
        if (d.peer()) {
            sb.append(", peer");
        }
        if (d.gated()) {
            sb.append(", in the allocation gate");
        }
        return sb.append(']').toString();
    }

    private static String minutes(double seconds) {
        return seconds < 90 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
