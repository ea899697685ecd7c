package org.panopt.jmh.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.openjdk.jmh.infra.Blackhole;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;
import org.panopt.kernels.fused.LogSumExp;

/**
 * Row- and column-wise log-sum-exp of {@code (v − C)/ε + w} over an n×n column-major matrix, f64 and
 * f32, against a straightforward two-pass scalar Java loop (max, then Σ Math.exp) in the same run.
 * Time per op divided by n² is the ns/element figure (the "flops" declared to the report are the n²
 * elements, so its GFLOP/s column reads as elements per ns). Single thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Study(quick = {"n=4000"})
public class LogSumExpBench {
    @Param({"256", "1000", "4000"})
    public int n;

    private Arena arena;
    private MemorySegment c64, v64, w64, out64, scratch64, c32, v32, w32, out32, scratch32;
    private static final double EPS = 0.05;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        long nn = (long) n * n;
        c64 = arena.allocate(nn * 8, 64);
        c32 = arena.allocate(nn * 4, 64);
        v64 = arena.allocate(n * 8L, 64);
        w64 = arena.allocate(n * 8L, 64);
        out64 = arena.allocate(n * 8L, 64);
        scratch64 = arena.allocate(n * 8L, 64);
        v32 = arena.allocate(n * 4L, 64);
        w32 = arena.allocate(n * 4L, 64);
        out32 = arena.allocate(n * 4L, 64);
        scratch32 = arena.allocate(n * 4L, 64);
        SplittableRandom r = new SplittableRandom(42);
        for (long k = 0; k < nn; k++) {
            double x = r.nextDouble();
            c64.setAtIndex(ValueLayout.JAVA_DOUBLE, k, x);
            c32.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) x);
        }
        for (int k = 0; k < n; k++) {
            double a = 0.1 * r.nextDouble(), b = -Math.log(n) + 0.01 * r.nextDouble();
            v64.setAtIndex(ValueLayout.JAVA_DOUBLE, k, a);
            w64.setAtIndex(ValueLayout.JAVA_DOUBLE, k, b);
            v32.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) a);
            w32.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) b);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @AllocationFree
    @Study(value = "LSE row f64", impl = "panopt", flops = "n^2", baseline = "Java scalar loop")
    public MemorySegment rowF64() {
        LogSumExp.drow(n, n, c64, 0, n, v64, 0, w64, 0, EPS, out64, 0, scratch64, 0);
        return out64;
    }

    @Benchmark
    @AllocationFree
    @Study(value = "LSE col f64", impl = "panopt", flops = "n^2", baseline = "Java scalar loop")
    public MemorySegment colF64() {
        LogSumExp.dcol(n, n, c64, 0, n, v64, 0, w64, 0, EPS, out64, 0, scratch64, 0);
        return out64;
    }

    @Benchmark
    @AllocationFree
    @Study(value = "LSE row f32", impl = "panopt", flops = "n^2", baseline = "Java scalar loop")
    public MemorySegment rowF32() {
        LogSumExp.srow(n, n, c32, 0, n, v32, 0, w32, 0, (float) EPS, out32, 0, scratch32, 0);
        return out32;
    }

    @Benchmark
    @AllocationFree
    @Study(value = "LSE col f32", impl = "panopt", flops = "n^2", baseline = "Java scalar loop")
    public MemorySegment colF32() {
        LogSumExp.scol(n, n, c32, 0, n, v32, 0, w32, 0, (float) EPS, out32, 0, scratch32, 0);
        return out32;
    }

    /** Peer: the straightforward scalar two-pass row-wise LSE (strided across columns, per row). */
    @Benchmark
    @Study(value = "LSE row f64", impl = "Java scalar loop", peer = true, flops = "n^2", baseline = "Java scalar loop")
    public void rowF64ScalarJava(Blackhole bh) {
        double ie = 1 / EPS;
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double z = (v64.getAtIndex(ValueLayout.JAVA_DOUBLE, j) - c64.getAtIndex(ValueLayout.JAVA_DOUBLE, i + (long) j * n)) * ie
                        + w64.getAtIndex(ValueLayout.JAVA_DOUBLE, j);
                m = Math.max(m, z);
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                double z = (v64.getAtIndex(ValueLayout.JAVA_DOUBLE, j) - c64.getAtIndex(ValueLayout.JAVA_DOUBLE, i + (long) j * n)) * ie
                        + w64.getAtIndex(ValueLayout.JAVA_DOUBLE, j);
                s += Math.exp(z - m);
            }
            bh.consume(m + Math.log(s));
        }
    }

    /** Peer: the straightforward scalar two-pass column-wise LSE (contiguous down each column). */
    @Benchmark
    @Study(value = "LSE col f64", impl = "Java scalar loop", peer = true, flops = "n^2", baseline = "Java scalar loop")
    public void colF64ScalarJava(Blackhole bh) {
        double ie = 1 / EPS;
        for (int j = 0; j < n; j++) {
            long cj = (long) j * n;
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double z = (v64.getAtIndex(ValueLayout.JAVA_DOUBLE, i) - c64.getAtIndex(ValueLayout.JAVA_DOUBLE, cj + i)) * ie
                        + w64.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                m = Math.max(m, z);
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                double z = (v64.getAtIndex(ValueLayout.JAVA_DOUBLE, i) - c64.getAtIndex(ValueLayout.JAVA_DOUBLE, cj + i)) * ie
                        + w64.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                s += Math.exp(z - m);
            }
            bh.consume(m + Math.log(s));
        }
    }
}
