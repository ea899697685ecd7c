package org.panopt.core.backend;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where {@link DispatchingBackend} switches from the Java backend to the native one, per operation
 * family, as a work size: at or above it the native backend runs.
 *
 * <p>Sizes: {@code gemm} and {@code syrk} use m·n·k (multiply-adds); {@code elementwise} (geam, axpy,
 * scale, copy) and {@code reduction} (dot, norm) use the element count m·n.
 *
 * <p>Resolution order (see {@link #load()}): system properties {@code panopt.threshold.gemm},
 * {@code .syrk}, {@code .elementwise}, {@code .reduction} override single values; else the file written
 * by {@code ./panopt calibrate} ({@code -Dpanopt.thresholds.file}, default
 * {@code ${XDG_CONFIG_HOME:-~/.config}/panopt/thresholds.properties}); else {@link #DEFAULTS}.
 *
 * @param gemm        work m·n·k from which GEMM goes native
 * @param syrk        work n·n·k from which SYRK goes native
 * @param elementwise element count from which geam/axpy/scale/copy go native
 * @param reduction   element count from which dot/norm go native
 * @param source      where the values came from (for the log and {@code ./panopt info})
 */
public record Thresholds(long gemm, long syrk, long elementwise, long reduction, String source) {

    /**
     * Shipped defaults, from {@code ./panopt calibrate} (java-simd against OpenBLAS 0.3.21, Cooperlake
     * kernels, one thread) on an idle 2-core AVX-512 machine, 2026-11-22: OpenBLAS won GEMM and SYRK
     * from 2×2 on (a packed Java GEMM pays its packing; a native call costs ~20 ns), element-wise
     * operations from about 9 elements, reductions from about 144 (between 16 and 9 216 elements the
     * two are within noise of each other). Re-run calibrate for another machine's values.
     */
    public static final Thresholds DEFAULTS = new Thresholds(8, 8, 9, 144, "shipped defaults");

    /** The default location of the calibration file. */
    public static Path defaultFile() {
        return fileFrom(System.getProperties());
    }

    static Path fileFrom(Properties props) {
        String prop = props.getProperty("panopt.thresholds.file");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("panopt").resolve("thresholds.properties");
    }

    /** The thresholds in force: the calibration file (if any) over the defaults, system properties over both. */
    public static Thresholds load() {
        return load(System.getProperties());
    }

    /** {@link #load()} with {@code props} in place of the system properties. */
    static Thresholds load(Properties props) {
        Thresholds base = DEFAULTS;
        Path file = fileFrom(props);
        if (Files.isRegularFile(file)) {
            try {
                base = read(file);
            } catch (IOException | IllegalArgumentException e) {
                System.getLogger("org.panopt.core.backend").log(System.Logger.Level.WARNING,
                        "ignoring unreadable calibration file " + file + ": " + e.getMessage());
            }
        }
        return base.overriddenBy(props, "panopt.threshold.");
    }

    /** Values from {@code props} with keys {@code prefix + gemm|syrk|elementwise|reduction} replace these. */
    Thresholds overriddenBy(Properties props, String prefix) {
        long[] v = {gemm, syrk, elementwise, reduction};
        String[] keys = {"gemm", "syrk", "elementwise", "reduction"};
        StringBuilder overridden = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            String s = props.getProperty(prefix + keys[i]);
            if (s != null) {
                v[i] = parse(prefix + keys[i], s);
                overridden.append(overridden.isEmpty() ? "" : ", ").append(keys[i]);
            }
        }
        return overridden.isEmpty() ? this : new Thresholds(v[0], v[1], v[2], v[3],
                source + ", system properties for " + overridden);
    }

    private static long parse(String key, String s) {
        try {
            long v = Long.parseLong(s.strip());
            if (v < 0) {
                throw new IllegalArgumentException(key + " must be >= 0, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a whole number: '" + s + "'");
        }
    }

    /** Reads a file written by {@link #write}. */
    public static Thresholds read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return DEFAULTS.overriddenBy(p, "").withSource("calibration file " + file);
    }

    /** Writes these thresholds as a properties file (the directory is created if needed). */
    public void write(Path file, String comment) throws IOException {
        Properties p = new Properties();
        p.setProperty("gemm", Long.toString(gemm));
        p.setProperty("syrk", Long.toString(syrk));
        p.setProperty("elementwise", Long.toString(elementwise));
        p.setProperty("reduction", Long.toString(reduction));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, comment);
        }
    }

    Thresholds withSource(String s) {
        return new Thresholds(gemm, syrk, elementwise, reduction, s);
    }

    @Override
    public String toString() {
        return "gemm " + gemm + ", syrk " + syrk + ", elementwise " + elementwise + ", reduction " + reduction + " ("
                + source + ")";
    }
}
