package org.panopt.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The external peers: Python scripts in {@code jmh/peers/} that measure other libraries (POT, NumPy,
 * scikit-learn, PyTorch) on the same problems and print JMH-shaped JSON. A script runs only when every
 * module it imports is importable; otherwise, or when it fails, the report says why.
 */
public final class PeerScripts {
    private PeerScripts() {
    }

    /** Debian packages of the modules peers use, for the "install it" hint. */
    static final Map<String, String> DEBIAN = Map.of("ot", "python3-pot", "sklearn", "python3-sklearn",
            "torch", "python3-torch", "numpy", "python3-numpy", "scipy", "python3-scipy");

    /**
     * What happened to one script.
     *
     * @param script   file name
     * @param measured whether its results are in the report
     * @param detail   the reason it was not measured, or how many results it gave
     * @param modules  the third-party modules it imports, with versions where importable
     */
    public record Outcome(String script, boolean measured, String detail, Map<String, String> modules) {
        public Outcome {
            modules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        }
    }

    /** A script's outcome and its results. */
    public record Run(Outcome outcome, List<Measurement> results) {
    }

    /** The {@code *.py} scripts in {@code dir}, sorted (none when it does not exist). */
    public static List<Path> find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".py") && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
    }

    private static final Pattern IMPORT = Pattern.compile("^(?:import\\s+([\\w., ]+)|from\\s+(\\w+)[\\w.]*\\s+import\\b)");

    /** Top-level module names a script imports at the start of a line ({@code import a.b, c}, {@code from d.e import f}). */
    static Set<String> imports(String source) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : source.split("\n")) {
            Matcher m = IMPORT.matcher(line.strip());
            if (!m.find()) {
                continue;
            }
            if (m.group(2) != null) {
                out.add(m.group(2));
            } else {
                for (String part : m.group(1).split(",")) {
                    String mod = part.strip().split("\\s+")[0];
                    if (!mod.isEmpty()) {
                        out.add(mod.split("\\.")[0]);
                    }
                }
            }
        }
        return out;
    }

    /** Prints "name status version" for each module named in argv: stdlib, missing, broken or ok. */
    private static final String PROBE = """
            import importlib, importlib.util, sys
            for name in sys.argv[1:]:
                if name in getattr(sys, "stdlib_module_names", ()):
                    print(name, "stdlib", "-"); continue
                try:
                    spec = importlib.util.find_spec(name)
                except Exception:
                    spec = None
                if spec is None:
                    print(name, "missing", "-"); continue
                try:
                    m = importlib.import_module(name)
                    print(name, "ok", getattr(m, "__version__", "?"))
                except Exception as e:
                    print(name, "broken", type(e).__name__)
            print("python", "ok", sys.version.split()[0])
            """;

    /**
     * Runs one script if its modules are importable.
     *
     * @param python  the interpreter ({@code /usr/bin/python3})
     * @param root    the repository root (the script's working directory)
     * @param out     where its JSON ({@code <stem>.json}) and error output ({@code <stem>.log}) go
     * @param mode    {@code quick} or {@code full}, passed as {@code PANOPT_BENCH_MODE}
     * @param threads passed as {@code OMP_NUM_THREADS} and friends
     */
    public static Run run(Path script, Path python, Path root, Path out, String mode, int threads, Duration timeout)
            throws IOException, InterruptedException {
        String name = script.getFileName().toString();
        String stem = name.substring(0, name.length() - 3);
        if (!Files.isExecutable(python)) {
            return notMeasured(name, python + " not found", Map.of());
        }
        Files.createDirectories(out);
        Path json = out.resolve(stem + ".json");
        Path log = out.resolve(stem + ".log");

        // Which third-party modules does it import, and are they here?
        Set<String> wanted = new LinkedHashSet<>();
        for (String m : imports(Files.readString(script, StandardCharsets.UTF_8))) {
            Path dir = script.getParent();
            if (!Files.exists(dir.resolve(m + ".py")) && !Files.isDirectory(dir.resolve(m))) {
                wanted.add(m);
            }
        }
        List<String> probe = new ArrayList<>(List.of(python.toString(), "-c", PROBE));
        probe.addAll(wanted);
        Path probeOut = out.resolve(stem + ".modules");
        int st = Processes.runToFiles(probe, Map.of(), root, probeOut, log, Duration.ofMinutes(2));
        Map<String, String> versions = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(probeOut, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+", 3);
            if (f.length < 3) {
                continue;
            }
            switch (f[1]) {
                case "ok" -> versions.put(f[0], f[2]);
                case "missing" -> missing.add(f[0]);
                case "broken" -> missing.add(f[0] + " (import fails: " + f[2] + ")");
                default -> { }
            }
        }
        Files.deleteIfExists(probeOut);
        if (st != 0) {
            return notMeasured(name, "could not check its modules with " + python + ": " + Processes.lastLine(log), versions);
        }
        if (!missing.isEmpty()) {
            StringBuilder why = new StringBuilder("Python module");
            why.append(missing.size() > 1 ? "s " : " ").append(String.join(", ", missing)).append(" not importable");
            List<String> debs = missing.stream().map(m -> DEBIAN.get(m.split(" ")[0])).filter(x -> x != null).toList();
            if (!debs.isEmpty()) {
                why.append(" (Debian: apt-get install ").append(String.join(" ", debs)).append(')');
            }
            return notMeasured(name, why.toString(), versions);
        }

        String t = Integer.toString(threads);
        Map<String, String> env = new LinkedHashMap<>();
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                "VECLIB_MAXIMUM_THREADS")) {
            env.put(v, t);
        }
        env.put("PANOPT_BENCH_MODE", mode);
        env.put("PANOPT_ROOT", root.toString());
        env.put("PANOPT_PEER_OUT", json.toString());
        Files.deleteIfExists(json);
        Path stdout = out.resolve(stem + ".stdout");
        Map<Path, Long> before = jsonFiles(root, script.getParent());
        int status = Processes.runToFiles(List.of(python.toString(), script.toString()), env, root, stdout, log, timeout);
        if (status == Processes.TIMED_OUT) {
            return notMeasured(name, "script timed out after " + timeout.toSeconds() + " s (see peers/" + stem + ".log)", versions);
        }
        if (status != 0) {
            return notMeasured(name, "script failed (exit " + status + "): " + Processes.lastLine(log), versions);
        }
        // The script writes $PANOPT_PEER_OUT, or prints the JSON on its standard output; one that
        // writes a JSON file of its own choosing (in the root or its folder) has it moved here.
        String from = "";
        if (Files.exists(json) && Files.size(json) > 0) {
            Files.deleteIfExists(stdout);
        } else {
            List<Path> written = jsonFiles(root, script.getParent()).entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey()))).map(Map.Entry::getKey).toList();
            if (!Files.readString(stdout, StandardCharsets.UTF_8).strip().startsWith("[") && written.size() == 1) {
                Files.move(written.getFirst(), json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                from = " (from " + root.relativize(written.getFirst().toAbsolutePath()) + ", which it wrote: moved "
                        + "here; peers should write $PANOPT_PEER_OUT or print the JSON)";
                Files.deleteIfExists(stdout);
            } else {
                Files.move(stdout, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Measurement> results;
        try {
            results = Measurement.parseAll(Files.readString(json, StandardCharsets.UTF_8), name);
        } catch (IllegalArgumentException e) {
            return notMeasured(name, "its output is not JMH-shaped JSON: " + e.getMessage(), versions);
        }
        if (results.isEmpty()) {
            return notMeasured(name, "it printed no results", versions);
        }
        return new Run(new Outcome(name, true, results.size() + " result" + (results.size() == 1 ? "" : "s") + from,
                versions), results);
    }

    /** The {@code *.json} files directly in these folders, with their modification times. */
    private static Map<Path, Long> jsonFiles(Path... dirs) throws IOException {
        Map<Path, Long> out = new LinkedHashMap<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).toList()) {
                    out.put(p.toAbsolutePath().normalize(), Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return out;
    }

    /** An outcome for a script that was not run (filtered out, or peers switched off). */
    public static Outcome skipped(Path script, String why) {
        return new Outcome(script.getFileName().toString(), false, why, Map.of());
    }

    private static Run notMeasured(String script, String why, Map<String, String> versions) {
        return new Run(new Outcome(script, false, why, versions), List.of());
    }
}
