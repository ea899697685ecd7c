package org.panopt.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panopt.core.backend.BackendStatus;
import org.panopt.kernels.SimdInfo;

/** The facts every report states about the machine and the software the figures came from. */
public final class MachineFacts {
    private MachineFacts() {
    }

    /**
     * Collects them (in this JVM, which runs with the same JDK and flags as the benchmarks).
     *
     * @param root     the repository root (for the git commit)
     * @param jvmFlags the flags the benchmark JVMs get
     * @param threads  the thread count the run sets
     */
    public static Map<String, String> collect(Path root, List<String> jvmFlags, int threads) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Date", OffsetDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        f.put("CPU", SimdInfo.cpuModel());
        f.put("Cores", Runtime.getRuntime().availableProcessors() + " available to the JVM");
        List<String> simd = SimdInfo.cpuFeatures();
        f.put("SIMD", simd.isEmpty() ? "(unknown: no /proc/cpuinfo)" : String.join(" ", simd));
        f.put("Memory", memory());
        f.put("Load average at start", firstLine(Path.of("/proc/loadavg")));
        f.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        Runtime.Version v = Runtime.version();
        f.put("JDK", v + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")");
        f.put("JVM flags", String.join(" ", jvmFlags));
        f.put("Vector API", "preferred species " + SimdInfo.vectorBits() + "-bit: " + SimdInfo.doubleLanes()
                + " double lanes, " + SimdInfo.floatLanes() + " float lanes");
        for (BackendStatus s : BackendStatus.all()) {
            f.put("Backend " + s.name(), (s.available() ? "available: " : "unavailable: ") + s.detail());
        }
        String core = System.getenv("OPENBLAS_CORETYPE");
        f.put("OPENBLAS_CORETYPE", core == null || core.isBlank() ? "(not set: OpenBLAS detects the CPU)" : core);
        f.put("Threads", threads + " (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and -Dpanopt.threads for benchmarks and "
                + "peers; the backend lines above were probed in the harness's own JVM, without them)");
        f.put("panopt commit", gitCommit(root));
        return f;
    }

    private static String memory() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] p = line.split("\\s+");
                try {
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(p[1]) / 1048576.0);
                } catch (RuntimeException e) {
                    return line;
                }
            }
        }
        return "(unknown)";
    }

    private static String firstLine(Path p) {
        List<String> l = lines(p);
        return l.isEmpty() ? "(unknown)" : l.getFirst().strip();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** {@code git describe}-like: the short commit, "+ local changes" when the tree is dirty. */
    private static String gitCommit(Path root) {
        try {
            Path tmp = Files.createTempFile("panopt-git", ".txt");
            Path err = Files.createTempFile("panopt-git", ".err");
            try {
                int st = Processes.runToFiles(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"),
                        Map.of(), root, tmp, err, Duration.ofSeconds(20));
                String commit = st == 0 ? firstLine(tmp) : "(not a git checkout)";
                st = Processes.runToFiles(List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no"),
                        Map.of(), root, tmp, err, Duration.ofSeconds(20));
                boolean dirty = st == 0 && Files.size(tmp) > 0;
                return commit + (dirty ? " + local changes" : "");
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(err);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "(unknown: git not available)";
        }
    }
}
