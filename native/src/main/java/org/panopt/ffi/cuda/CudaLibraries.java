package org.panopt.ffi.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.panopt.ffi.MappedFile;

/**
 * Finds and loads {@code libcudart} and {@code libcublas}, and says exactly why when it cannot. Search
 * order for each library:
 * <ol>
 *   <li>{@code -Dpanopt.cuda.libdir} (or environment {@code PANOPT_CUDA_LIBDIR}): a directory holding
 *       both; when given, nothing else is tried;</li>
 *   <li>{@code $CUDA_HOME} and {@code $CUDA_PATH} ({@code lib64}, {@code lib}), then
 *       {@code /usr/local/cuda/lib64} and {@code /usr/local/cuda/lib};</li>
 *   <li>the dynamic loader's search path, by the sonames of CUDA 13, 12 and 11.</li>
 * </ol>
 * In a directory, {@code libX.so} is preferred, else the highest {@code libX.so.N}. The result is
 * usable only with both libraries and at least one device ({@code cudaGetDeviceCount} is asked, and
 * its error — no driver, no device — is the reason given otherwise).
 */
public final class CudaLibraries {
    private CudaLibraries() {
    }

    private static final List<String> RUNTIME_NAMES = List.of("libcudart.so", "libcudart.so.13", "libcudart.so.12",
            "libcudart.so.11.0");
    private static final List<String> CUBLAS_NAMES = List.of("libcublas.so", "libcublas.so.13", "libcublas.so.12",
            "libcublas.so.11");

    /**
     * What to search.
     *
     * @param libdir      an explicit directory, or null
     * @param libdirFrom  where it was given (for messages)
     * @param installDirs CUDA installation library directories to try, in order
     * @param useLoader   whether to ask the dynamic loader by soname at the end
     */
    public record Config(Path libdir, String libdirFrom, List<Path> installDirs, boolean useLoader) {
        public Config {
            installDirs = List.copyOf(installDirs);
        }

        /** A configuration that looks only in {@code dir} (e.g. a stand-in for tests). */
        public static Config only(Path dir) {
            return new Config(dir, "the given directory", List.of(), false);
        }

        /** From {@code panopt.cuda.libdir} / {@code PANOPT_CUDA_LIBDIR}, {@code CUDA_HOME}, {@code CUDA_PATH}. */
        public static Config fromEnvironment() {
            String prop = System.getProperty("panopt.cuda.libdir");
            String env = System.getenv("PANOPT_CUDA_LIBDIR");
            if (prop != null && !prop.isBlank()) {
                return new Config(Path.of(prop), "system property panopt.cuda.libdir", List.of(), false);
            }
            if (env != null && !env.isBlank()) {
                return new Config(Path.of(env), "environment variable PANOPT_CUDA_LIBDIR", List.of(), false);
            }
            List<Path> dirs = new ArrayList<>();
            for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
                String v = System.getenv(var);
                if (v != null && !v.isBlank()) {
                    dirs.add(Path.of(v, "lib64"));
                    dirs.add(Path.of(v, "lib"));
                }
            }
            dirs.add(Path.of("/usr/local/cuda/lib64"));
            dirs.add(Path.of("/usr/local/cuda/lib"));
            return new Config(null, null, dirs, true);
        }
    }

    /**
     * The outcome: the loaded libraries (either may be null), the devices found, and a one-paragraph
     * account of what was loaded from where, or what is missing.
     */
    public record Result(CudaRuntime runtime, CublasLibrary cublas, int devices, String detail) {
        /** Both libraries loaded and at least one device. */
        public boolean available() {
            return runtime != null && cublas != null && devices > 0;
        }
    }

    private static final class Default {
        static final Result RESULT = discover(Config.fromEnvironment());
    }

    /** The libraries of this JVM, found once from the environment. */
    public static Result get() {
        return Default.RESULT;
    }

    /** Searches as {@code config} says; never throws. */
    public static Result discover(Config config) {
        List<String> searched = new ArrayList<>();
        List<Path> dirs = config.libdir() != null ? List.of(config.libdir()) : config.installDirs();
        if (config.libdir() != null) {
            searched.add(config.libdirFrom() + " = " + config.libdir());
        }
        SymbolLookup rtLookup = null;
        Path rtPath = null;
        String rtError = null;
        for (Path candidate : candidates(dirs, "libcudart", config.useLoader() ? RUNTIME_NAMES : List.of())) {
            try {
                rtLookup = SymbolLookup.libraryLookup(candidate.toString(), Arena.global());
                rtPath = candidate;
                break;
            } catch (IllegalArgumentException e) {
                rtError = e.getMessage();
            }
        }
        CudaRuntime runtime = null;
        StringBuilder detail = new StringBuilder();
        if (rtLookup == null) {
            detail.append("libcudart not found");
        } else {
            try {
                Path real = MappedFile.containing(rtLookup.find("cudaGetDeviceCount").orElseThrow().address()).orElse(rtPath);
                runtime = new CudaRuntime(rtLookup, real);
            } catch (RuntimeException e) {
                detail.append("libcudart at ").append(rtPath).append(" is unusable: ").append(e.getMessage());
            }
        }
        int devices = 0;
        if (runtime != null) {
            detail.append("libcudart ").append(version(runtime.runtimeVersion())).append(" from ").append(runtime.path());
            try {
                devices = runtime.deviceCount();
                if (devices == 0) {
                    detail.append("; no CUDA device");
                } else {
                    detail.append("; ").append(devices).append(" device").append(devices == 1 ? "" : "s").append(": ")
                            .append(runtime.properties(0));
                }
            } catch (CudaException e) {
                detail.append("; ").append(e.getMessage());
            }
        }
        CublasLibrary cublas = null;
        if (runtime != null) {
            for (Path candidate : candidates(dirs, "libcublas", config.useLoader() ? CUBLAS_NAMES : List.of())) {
                try {
                    SymbolLookup l = SymbolLookup.libraryLookup(candidate.toString(), Arena.global());
                    Path real = MappedFile.containing(l.find("cublasCreate_v2").orElseThrow().address()).orElse(candidate);
                    cublas = new CublasLibrary(l, real, runtime);
                    detail.append("; libcublas from ").append(real);
                    break;
                } catch (RuntimeException e) {
                    searched.add(candidate + ": " + e.getMessage());
                }
            }
            if (cublas == null) {
                detail.append("; libcublas not found");
            }
        }
        if (runtime == null || cublas == null) {
            detail.append(" (searched ");
            detail.append(dirs.isEmpty() ? "" : "directories " + dirs);
            if (config.useLoader()) {
                detail.append(dirs.isEmpty() ? "" : " and ").append("the dynamic loader's path for ")
                        .append(runtime == null ? RUNTIME_NAMES : CUBLAS_NAMES);
            }
            if (rtError != null && runtime == null) {
                detail.append("; last error: ").append(rtError);
            }
            detail.append("). Install the CUDA toolkit's runtime and cuBLAS (e.g. Debian: apt-get install"
                    + " libcublas12 libcudart12) or point -Dpanopt.cuda.libdir at a directory holding libcudart.so"
                    + " and libcublas.so");
        }
        return new Result(runtime, cublas, devices, detail.toString());
    }

    private static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    /** Files named {@code prefix.so} or {@code prefix.so.N...} in {@code dirs}, then the loader names. */
    static List<Path> candidates(List<Path> dirs, String prefix, List<String> loaderNames) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            Path plain = d.resolve(prefix + ".so");
            if (Files.exists(plain)) {
                out.add(plain.toAbsolutePath());
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().startsWith(prefix + ".so."))
                        .max(Comparator.comparing(p -> p.getFileName().toString()))
                        .ifPresent(p -> out.add(p.toAbsolutePath()));
            } catch (IOException e) {
                // unreadable directory: nothing from it
            }
        }
        loaderNames.forEach(n -> out.add(Path.of(n)));
        return out;
    }
}
