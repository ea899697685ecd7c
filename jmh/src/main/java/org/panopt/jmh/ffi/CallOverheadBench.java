package org.panopt.jmh.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.jmh.study.Study;

/**
 * The cost of one tiny CBLAS call ({@code cblas_ddot}, n elements): the binding's API ({@link Blas#ddot}:
 * checks plus a critical downcall with raw addresses), bare critical and normal downcalls of the same
 * function, and a plain Java loop computing the same dot product (the peer: below some n, Java wins).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Study(value = "tiny CBLAS ddot: call overhead", baseline = "javaLoop", size = "n", quick = {"n=4"})
public class CallOverheadBench {
    static final FunctionDescriptor DDOT = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_INT);
    static final MemorySegment SYMBOL = OpenBlas.library().lookup().find("cblas_ddot").orElseThrow();
    static final MethodHandle NORMAL = Linker.nativeLinker().downcallHandle(SYMBOL, DDOT);
    static final MethodHandle CRITICAL = Linker.nativeLinker().downcallHandle(SYMBOL, DDOT,
            Linker.Option.critical(false));
    static final MethodHandle CRITICAL_RAW = Linker.nativeLinker().downcallHandle(SYMBOL,
            FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT),
            Linker.Option.critical(false));

    @Param({"4", "64"})
    int n;

    Arena arena;
    MemorySegment x;
    MemorySegment y;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        x = arena.allocate(8L * n, 64);
        y = arena.allocate(8L * n, 64);
        for (int i = 0; i < n; i++) {
            x.setAtIndex(JAVA_DOUBLE, i, i * 0.5);
            y.setAtIndex(JAVA_DOUBLE, i, 1.0 / (i + 1));
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double javaLoop() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x.getAtIndex(JAVA_DOUBLE, i) * y.getAtIndex(JAVA_DOUBLE, i);
        }
        return s;
    }

    @Benchmark
    public double bindingApi() {
        return Blas.ddot(n, x, 0, 1, y, 0, 1);
    }

    @Benchmark
    public double criticalRaw() throws Throwable {
        return (double) CRITICAL_RAW.invokeExact(n, x.address(), 1, y.address(), 1);
    }

    @Benchmark
    public double critical() throws Throwable {
        return (double) CRITICAL.invokeExact(n, x, 1, y, 1);
    }

    @Benchmark
    public double normal() throws Throwable {
        return (double) NORMAL.invokeExact(n, x, 1, y, 1);
    }
}
