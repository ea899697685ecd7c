package org.panopt.jmh.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * BENCHMARK-ONLY OpenBLAS peer until the native binding lands: a minimal FFM lookup of
 * cblas_ddot / cblas_daxpy / cblas_dnrm2 / cblas_dgemv in a {@code libopenblas.so.0} named by the
 * system property {@code panopt.bench.openblas} (e.g. the copy inside the Maven Central artifact
 * {@code org.bytedeco:openblas:0.3.30-1.5.12:linux-x86_64}, unpacked by hand with its libgfortran).
 * No argument checking (the benchmark's own operands are valid): nothing here is production code.
 * Single thread ({@code openblas_set_num_threads(1)}); {@code Linker.Option.critical(true)}, as the
 * binding would use for short calls. Same operand sizes and layout as {@link Level1Bench} and
 * {@link GemvBench}; run them in one JMH invocation for side-by-side figures. {@code OPENBLAS_CORETYPE}
 * is whatever the environment sets.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OpenBlasFfmBench {
    @Param({"1000", "100000", "10000000"})
    public int n;

    private Arena arena;
    private MemorySegment xs, ys;
    private MethodHandle ddot, daxpy, dnrm2;

    @Setup(Level.Trial)
    public void setup() throws Throwable {
        String lib = System.getProperty("panopt.bench.openblas");
        if (lib == null) {
            throw new IllegalStateException("set -Dpanopt.bench.openblas=/path/to/libopenblas.so.0 for this benchmark");
        }
        arena = Arena.ofShared();
        SymbolLookup blas = SymbolLookup.libraryLookup(Path.of(lib), arena);
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfDouble d = ValueLayout.JAVA_DOUBLE;
        ValueLayout p = ValueLayout.ADDRESS;
        linker.downcallHandle(blas.find("openblas_set_num_threads").orElseThrow(), FunctionDescriptor.ofVoid(i))
                .invokeExact(1);
        ddot = linker.downcallHandle(blas.find("cblas_ddot").orElseThrow(), FunctionDescriptor.of(d, i, p, i, p, i), critical);
        daxpy = linker.downcallHandle(blas.find("cblas_daxpy").orElseThrow(), FunctionDescriptor.ofVoid(i, d, p, i, p, i),
                critical);
        dnrm2 = linker.downcallHandle(blas.find("cblas_dnrm2").orElseThrow(), FunctionDescriptor.of(d, i, p, i), critical);
        xs = arena.allocate(8L * n, 64);
        ys = arena.allocate(8L * n, 64);
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < n; k++) {
            xs.setAtIndex(ValueLayout.JAVA_DOUBLE, k, r.nextDouble() - 0.5);
            ys.setAtIndex(ValueLayout.JAVA_DOUBLE, k, r.nextDouble() - 0.5);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double ddotOpenBlas() throws Throwable {
        return (double) ddot.invokeExact(n, xs, 1, ys, 1);
    }

    @Benchmark
    public MemorySegment daxpyOpenBlas() throws Throwable {
        daxpy.invokeExact(n, 1e-12, xs, 1, ys, 1);
        return ys;
    }

    @Benchmark
    public double dnrm2OpenBlas() throws Throwable {
        return (double) dnrm2.invokeExact(n, xs, 1);
    }
}
