package org.panopt.jmh.gemm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * BENCHMARK-ONLY OpenBLAS access, to measure our kernels against OpenBLAS in the same JMH run until
 * the project's native binding exists; no library code may use it. It extracts {@code libopenblas.so.0}
 * and the runtime libraries shipped beside it (libgfortran, libquadmath, libgcc_s) from the
 * {@code org.bytedeco:openblas:linux-x86_64} jar in the local Maven repository into a temporary
 * directory, loads it by absolute path (its RUNPATH is {@code $ORIGIN}) and binds the CBLAS GEMM and
 * SYRK entry points. Arguments are not validated: the benchmarks pass well-formed ones.
 *
 * <p>The jar is taken from the system property {@code panopt.bench.openblasJar} or else from
 * {@code ~/.m2/repository/org/bytedeco/openblas/0.3.30-1.5.12/openblas-0.3.30-1.5.12-linux-x86_64.jar}.
 * OpenBLAS picks its kernels from the CPU unless {@code OPENBLAS_CORETYPE} says otherwise; see
 * {@link #coreName()}.
 */
final class OpenBlasForBenchmarks {
    static final int COL_MAJOR = 102, NO_TRANS = 111, TRANS = 112, UPPER = 121, LOWER = 122;

    private static final List<String> LIBS = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5",
            "libopenblas.so.0");
    private static final String JAR_DIR = "org/bytedeco/openblas/linux-x86_64/";

    private static final MethodHandle DGEMM, SGEMM, DSYRK, SSYRK, SET_THREADS, CORE_NAME;

    static {
        try {
            Path lib = extract();
            SymbolLookup lookup = SymbolLookup.libraryLookup(lib, Arena.global());
            Linker linker = Linker.nativeLinker();
            ValueLayout i = ValueLayout.JAVA_INT, d = ValueLayout.JAVA_DOUBLE, f = ValueLayout.JAVA_FLOAT;
            ValueLayout p = ValueLayout.ADDRESS;
            Linker.Option critical = Linker.Option.critical(false);
            DGEMM = linker.downcallHandle(lookup.findOrThrow("cblas_dgemm"),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, i, d, p, i, p, i, d, p, i), critical);
            SGEMM = linker.downcallHandle(lookup.findOrThrow("cblas_sgemm"),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i), critical);
            DSYRK = linker.downcallHandle(lookup.findOrThrow("cblas_dsyrk"),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, d, p, i, d, p, i), critical);
            SSYRK = linker.downcallHandle(lookup.findOrThrow("cblas_ssyrk"),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, f, p, i, f, p, i), critical);
            SET_THREADS = linker.downcallHandle(lookup.findOrThrow("openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(i));
            CORE_NAME = linker.downcallHandle(lookup.findOrThrow("openblas_get_corename"), FunctionDescriptor.of(p));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OpenBlasForBenchmarks() {
    }

    private static Path extract() throws IOException {
        String jar = System.getProperty("panopt.bench.openblasJar", System.getProperty("user.home")
                + "/.m2/repository/org/bytedeco/openblas/0.3.30-1.5.12/openblas-0.3.30-1.5.12-linux-x86_64.jar");
        Path dir = Files.createTempDirectory("panopt-bench-openblas");
        try (ZipFile zip = new ZipFile(jar)) {
            for (String name : LIBS) {
                ZipEntry e = zip.getEntry(JAR_DIR + name);
                if (e == null) {
                    throw new IOException(jar + " has no " + JAR_DIR + name);
                }
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // Load the dependencies first, by absolute path, so the loader finds them by soname.
        for (String name : LIBS) {
            System.load(dir.resolve(name).toAbsolutePath().toString());
        }
        return dir.resolve("libopenblas.so.0").toAbsolutePath();
    }

    static void setThreads(int n) {
        try {
            SET_THREADS.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The kernel family OpenBLAS chose (e.g. "SkylakeX", "Haswell", "Zen"), to label the figures. */
    static String coreName() {
        try {
            MemorySegment s = (MemorySegment) CORE_NAME.invokeExact();
            return s.reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, MemorySegment a, int lda,
                      MemorySegment b, int ldb, double beta, MemorySegment c, int ldc) {
        try {
            DGEMM.invokeExact(COL_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb,
                    beta, c, ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, MemorySegment a, int lda,
                      MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        try {
            SGEMM.invokeExact(COL_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb,
                    beta, c, ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void dsyrk(boolean upper, boolean trans, int n, int k, double alpha, MemorySegment a, int lda, double beta,
                      MemorySegment c, int ldc) {
        try {
            DSYRK.invokeExact(COL_MAJOR, upper ? UPPER : LOWER, trans ? TRANS : NO_TRANS, n, k, alpha, a, lda, beta, c,
                    ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void ssyrk(boolean upper, boolean trans, int n, int k, float alpha, MemorySegment a, int lda, float beta,
                      MemorySegment c, int ldc) {
        try {
            SSYRK.invokeExact(COL_MAJOR, upper ? UPPER : LOWER, trans ? TRANS : NO_TRANS, n, k, alpha, a, lda, beta, c,
                    ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
