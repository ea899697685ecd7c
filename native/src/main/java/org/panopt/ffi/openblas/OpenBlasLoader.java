package org.panopt.ffi.openblas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.panopt.ffi.BundledLibrary;
import org.panopt.ffi.Downcalls;
import org.panopt.ffi.MappedFile;

/**
 * Finds, loads and self-tests an OpenBLAS library. Discovery order:
 * <ol>
 *   <li>an explicit path: system property {@code panopt.openblas.path}, else environment variable
 *       {@code PANOPT_OPENBLAS} (a file, or a directory holding {@code libopenblas.so.0}); when one is
 *       given, nothing else is tried, so a typo is reported instead of silently replaced;</li>
 *   <li>the system library {@code libopenblas.so.0} through the dynamic loader's search path
 *       (e.g. Debian's {@code libopenblas0}); skipped with {@code -Dpanopt.openblas.skipSystem=true};</li>
 *   <li>the copy inside the {@code org.bytedeco:openblas} jar on the class path, extracted once to
 *       {@code ${XDG_CACHE_HOME:-~/.cache}/panopt} (or {@code -Dpanopt.cache.dir}) under the unique
 *       soname {@value #BUNDLED_SONAME}.</li>
 * </ol>
 * Each candidate must pass a self-test (a ddot and a dgemm with known answers) to be used.
 */
public final class OpenBlasLoader {
    /** The soname and file name the bundled copy gets in the cache, instead of {@code libopenblas.so.0}. */
    public static final String BUNDLED_SONAME = "libpanoptblas.so";
    /** The bytedeco artifact version this module declares (the pinned checksums below are for it). */
    public static final String BUNDLED_VERSION = "0.3.30-1.5.12";

    /** The jar's OpenBLAS, with its Fortran runtime beside it (found through its {@code $ORIGIN} run path). */
    public static final BundledLibrary BUNDLED = new BundledLibrary(
            "openblas-" + BUNDLED_VERSION, "org/bytedeco/openblas/linux-x86_64", "libopenblas.so.0",
            BUNDLED_SONAME, "libopenblas.so.0", BUNDLED_SONAME,
            List.of("libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1"),
            Map.of("libopenblas.so.0", "ee6b2a45c71eddffec0e37d20bf22097e732290ecde92f367c7d4a360e70bdcc",
                    "libgfortran.so.5", "df5d6f8dc7eea6df004d1db6c4bdaf480391f0fff6e1fb71c94b2461685518e9",
                    "libquadmath.so.0", "1c3f8ec46dccfc4c99d3984ba787bd6d965e2c890089ff885448cb4efc5b1f14",
                    "libgcc_s.so.1", "39c9bb846d8491ec41e89b7d34b824e7b6e7ff37d7b9de549305a15c2f7a6cf7"));

    static final String INSTALL_HINT = "to get OpenBLAS: install the system library (Debian/Ubuntu: apt-get install"
            + " libopenblas0), or keep the Maven dependency org.bytedeco:openblas:" + BUNDLED_VERSION
            + ":linux-x86_64 on the class path, or point -Dpanopt.openblas.path (or PANOPT_OPENBLAS) at a"
            + " libopenblas.so";

    private OpenBlasLoader() {
    }

    /** Where a loaded library came from. */
    public enum Source { EXPLICIT, SYSTEM, BUNDLED }

    /**
     * What to search.
     *
     * @param explicitPath  a path given by the user, or null
     * @param explicitFrom  where it was given (for messages), e.g. "system property panopt.openblas.path"
     * @param systemNames   names handed to the dynamic loader, in order (empty: skip the system library)
     * @param classLoader   where to look for the bundled jar (null: skip it)
     * @param cacheRoot     where the bundled copy is extracted
     */
    public record Config(String explicitPath, String explicitFrom, List<String> systemNames, ClassLoader classLoader,
                         Path cacheRoot) {
        public Config {
            systemNames = List.copyOf(systemNames);
        }

        /** The configuration from system properties and the environment (see the class comment). */
        public static Config fromEnvironment() {
            String prop = System.getProperty("panopt.openblas.path");
            String env = System.getenv("PANOPT_OPENBLAS");
            String explicit = prop != null && !prop.isBlank() ? prop : env != null && !env.isBlank() ? env : null;
            String from = explicit == null ? null : explicit == prop ? "system property panopt.openblas.path"
                    : "environment variable PANOPT_OPENBLAS";
            String cache = System.getProperty("panopt.cache.dir");
            return new Config(explicit, from,
                    Boolean.getBoolean("panopt.openblas.skipSystem") ? List.of() : List.of("libopenblas.so.0"),
                    OpenBlasLoader.class.getClassLoader(),
                    cache != null && !cache.isBlank() ? Path.of(cache) : BundledLibrary.defaultCacheRoot());
        }
    }

    /** One candidate tried and what came of it. */
    public record Attempt(String candidate, String outcome) {
        @Override
        public String toString() {
            return candidate + ": " + outcome;
        }
    }

    /**
     * A library that loaded and passed the self-test.
     *
     * @param source where it came from
     * @param path   the file the dynamic loader mapped
     * @param config {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.30 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"
     * @param lookup its symbols (alive for the rest of the JVM's life)
     */
    public record Loaded(Source source, Path path, String config, SymbolLookup lookup) {
        @Override
        public String toString() {
            return config + " from " + path + " (" + source.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** The outcome of discovery: the library used (null if none) and every candidate tried, in order. */
    public record Result(Loaded loaded, List<Attempt> attempts) {
        public Result {
            attempts = List.copyOf(attempts);
        }

        public boolean available() {
            return loaded != null;
        }

        /** One paragraph: what was loaded, or what was searched and how to install. */
        public String describe() {
            if (loaded != null) {
                return loaded.toString();
            }
            StringBuilder sb = new StringBuilder("OpenBLAS not found; searched: ");
            for (int i = 0; i < attempts.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(attempts.get(i));
            }
            return sb.append(". ").append(INSTALL_HINT).toString();
        }
    }

    /** Tries the candidates of {@code config} in order and returns the first that loads and passes the self-test. */
    public static Result discover(Config config) {
        List<Attempt> attempts = new ArrayList<>();
        if (config.explicitPath() != null) {
            String what = config.explicitFrom() + " = " + config.explicitPath();
            Path p = Path.of(config.explicitPath());
            if (Files.isDirectory(p)) {
                p = Files.exists(p.resolve("libopenblas.so.0")) ? p.resolve("libopenblas.so.0") : p.resolve("libopenblas.so");
            }
            if (!Files.isRegularFile(p)) {
                attempts.add(new Attempt(what, "no such file " + p + " (nothing else is tried when a path is given)"));
                return new Result(null, attempts);
            }
            return tryLoad(p.toAbsolutePath().toString(), Source.EXPLICIT, what, attempts);
        }
        for (String name : config.systemNames()) {
            Result r = tryLoad(name, Source.SYSTEM, "system library " + name + " (dynamic loader search path)", attempts);
            if (r.available()) {
                return r;
            }
        }
        if (config.systemNames().isEmpty()) {
            attempts.add(new Attempt("system library", "skipped (panopt.openblas.skipSystem)"));
        }
        String what = "bundled copy " + BUNDLED.resourceDir() + "/" + BUNDLED.mainFile() + " on the class path";
        if (config.classLoader() == null || !BUNDLED.present(config.classLoader())) {
            attempts.add(new Attempt(what, "not on the class path"));
            return new Result(null, attempts);
        }
        Path extracted;
        try {
            extracted = BUNDLED.extract(config.classLoader(), config.cacheRoot());
        } catch (IOException | RuntimeException e) {
            attempts.add(new Attempt(what, "extraction to " + config.cacheRoot() + " failed: " + e.getMessage()));
            return new Result(null, attempts);
        }
        return tryLoad(extracted.toString(), Source.BUNDLED, what + ", extracted to " + extracted.getParent(), attempts);
    }

    private static Result tryLoad(String nameOrPath, Source source, String what, List<Attempt> attempts) {
        try {
            Loaded l = load(nameOrPath, source);
            attempts.add(new Attempt(what, "loaded " + l.path() + ", self-test passed"));
            return new Result(l, attempts);
        } catch (RuntimeException e) {
            attempts.add(new Attempt(what, e.getMessage()));
            return new Result(null, attempts);
        }
    }

    /**
     * Loads the library {@code nameOrPath} (a name for the dynamic loader's search, or an absolute
     * path) and runs the self-test. The library stays loaded for the life of the JVM if it passes, and
     * is unloaded if it does not.
     *
     * @throws IllegalArgumentException if it cannot be loaded, lacks a symbol, or fails the self-test
     */
    public static Loaded load(String nameOrPath, Source source) {
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(nameOrPath, arena);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot be loaded (" + e.getMessage() + ")");
            }
            String config = selfTest(lookup);
            MemorySegment ddot = lookup.find("cblas_ddot").orElseThrow();
            Path path = MappedFile.containing(ddot.address()).orElse(Path.of(nameOrPath));
            return new Loaded(source, path, config, lookup);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A ddot and a dgemm with known answers, through freshly made (non-critical) downcalls.
     *
     * @return {@code openblas_get_config()}
     * @throws IllegalArgumentException naming the symbol that is missing or the answer that is wrong
     */
    static String selfTest(SymbolLookup lib) {
        try {
            MethodHandle ddot = Downcalls.bind(lib, "cblas_ddot",
                    FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), false);
            MethodHandle dgemm = Downcalls.bind(lib, "cblas_dgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                    JAVA_DOUBLE, ADDRESS, JAVA_INT), false);
            MethodHandle config = Downcalls.bind(lib, "openblas_get_config", FunctionDescriptor.of(ADDRESS), false);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment x = a.allocateFrom(JAVA_DOUBLE, 1, 2, 3);
                MemorySegment y = a.allocateFrom(JAVA_DOUBLE, 4, 5, 6);
                double dot = (double) ddot.invokeExact(3, x, 1, y, 1);
                if (dot != 32.0) {
                    throw new IllegalArgumentException("self-test failed: ddot([1,2,3],[4,5,6]) = " + dot + ", expected 32");
                }
                // A = [1 3 5; 2 4 6] (2x3 column-major), B = [1 2; 3 4; 5 6] (3x2): A B = [35 44; 44 56].
                MemorySegment am = a.allocateFrom(JAVA_DOUBLE, 1, 2, 3, 4, 5, 6);
                MemorySegment bm = a.allocateFrom(JAVA_DOUBLE, 1, 3, 5, 2, 4, 6);
                MemorySegment cm = a.allocateFrom(JAVA_DOUBLE, 1, 1, 1, 1);
                dgemm.invokeExact(102, 111, 111, 2, 2, 3, 1.0, am, 2, bm, 3, 0.0, cm, 2);
                double[] c = cm.toArray(JAVA_DOUBLE);
                if (c[0] != 35 || c[1] != 44 || c[2] != 44 || c[3] != 56) {
                    throw new IllegalArgumentException("self-test failed: dgemm gave " + java.util.Arrays.toString(c)
                            + ", expected [35, 44, 44, 56]");
                }
                MemorySegment s = (MemorySegment) config.invokeExact();
                return s.equals(MemorySegment.NULL) ? "OpenBLAS (no config string)"
                        : s.reinterpret(4096).getString(0).strip();
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalArgumentException("self-test failed: " + t, t);
        }
    }
}
