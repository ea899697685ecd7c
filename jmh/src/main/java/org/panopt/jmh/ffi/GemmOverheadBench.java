package org.panopt.jmh.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panopt.ffi.Trans;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.jmh.study.Study;

/**
 * A square float64 GEMM through the binding ({@link Blas#dgemm}: argument checks, then the downcall)
 * against the same {@code cblas_dgemm} of the same loaded library called in a C loop ({@code cLoop},
 * {@value #REPS} calls per invocation, so one FFM call is amortised away). The ratio binding / cLoop is
 * the binding's overhead (target: at most 1.02 from n = 64). OpenBLAS runs single-threaded here so that
 * the two sides are not timing thread hand-offs. The C side's own clock is printed at tear-down as a
 * cross-check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Study(value = "cblas_dgemm: binding vs C driver", baseline = "cLoop", size = "n", quick = {"n=64"})
public class GemmOverheadBench {
    static final int REPS = 16;

    @Param({"16", "64", "128", "256"})
    int n;

    Arena arena;
    MemorySegment a;
    MemorySegment b;
    MemorySegment c;
    MemorySegment dgemm;
    MethodHandle loop;
    MethodHandle timed;
    int threadsBefore;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        threadsBefore = OpenBlas.numThreads();
        OpenBlas.setNumThreads(1);
        arena = Arena.ofShared();
        a = arena.allocate(8L * n * n, 64);
        b = arena.allocate(8L * n * n, 64);
        c = arena.allocate(8L * n * n, 64);
        for (long i = 0; i < (long) n * n; i++) {
            a.setAtIndex(JAVA_DOUBLE, i, Math.sin(i));
            b.setAtIndex(JAVA_DOUBLE, i, Math.cos(i));
        }
        dgemm = OpenBlas.library().lookup().find("cblas_dgemm").orElseThrow();
        SymbolLookup drv = SymbolLookup.libraryLookup(CDriver.build("dgemm_driver"), arena);
        Linker l = Linker.nativeLinker();
        loop = l.downcallHandle(drv.find("panopt_dgemm_loop").orElseThrow(),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        timed = l.downcallHandle(drv.find("panopt_dgemm_ns").orElseThrow(),
                FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Throwable {
        long reps = Math.max(10, 200_000_000L / ((long) n * n * n));
        double ns = (double) timed.invokeExact(dgemm, n, a, b, c, reps);
        System.out.printf("%n[C clock] cblas_dgemm n=%d: %.1f ns per call (%d calls), %s%n", n, ns, reps,
                OpenBlas.library());
        OpenBlas.setNumThreads(threadsBefore);
        arena.close();
    }

    /** Through the binding: checks, then a critical (n ≤ 32) or normal downcall. */
    @Benchmark
    public MemorySegment binding() {
        Blas.dgemm(Trans.N, Trans.N, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
        return c;
    }

    /** The peer: the same function called from a C loop. */
    @Benchmark
    @OperationsPerInvocation(REPS)
    public MemorySegment cLoop() throws Throwable {
        loop.invokeExact(dgemm, n, a, b, c, (long) REPS);
        return c;
    }
}
