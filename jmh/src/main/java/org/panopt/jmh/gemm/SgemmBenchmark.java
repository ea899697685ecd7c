package org.panopt.jmh.gemm;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
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
import org.panopt.ffi.Trans;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.GemmWorkspace;
import org.panopt.jmh.study.Study;

/**
 * SGEMM {@code C ← A·B} (n × n, column-major, no transposes, α = 1, β = 0), single thread: panopt's
 * packed Vector API kernel against OpenBLAS (panopt's FFM binding, one thread) and netlib's
 * VectorBLAS (EJML has no float module among the peers). Read the {@code flop} line: GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@Study(value = "SGEMM f32", baseline = "openblas", size = "n", flops = "2*n^3", quick = {"n=256"})
public class SgemmBenchmark {
    @Param({"16", "64", "256", "1024", "2048"})
    public int n;

    @Param({"panopt", "openblas", "vectorblas"})
    public String impl;

    private Arena arena;
    private MemorySegment a, b, c;
    private float[] ha, hb, hc;
    private GemmWorkspace ws;
    private BLAS vectorBlas;
    private long flopsPerCall;

    @Setup
    public void setup() {
        arena = Arena.ofShared();
        long nn = (long) n * n;
        a = arena.allocate(ValueLayout.JAVA_FLOAT, nn);
        b = arena.allocate(ValueLayout.JAVA_FLOAT, nn);
        c = arena.allocate(ValueLayout.JAVA_FLOAT, nn);
        SplittableRandom r = new SplittableRandom(42);
        ha = new float[(int) nn];
        hb = new float[(int) nn];
        hc = new float[(int) nn];
        for (int i = 0; i < nn; i++) {
            ha[i] = (float) r.nextDouble(-1, 1);
            hb[i] = (float) r.nextDouble(-1, 1);
        }
        MemorySegment.copy(ha, 0, a, ValueLayout.JAVA_FLOAT, 0, (int) nn);
        MemorySegment.copy(hb, 0, b, ValueLayout.JAVA_FLOAT, 0, (int) nn);
        ws = GemmWorkspace.forFloats(n, n, n);
        flopsPerCall = 2L * n * n * n;
        switch (impl) {
            case "openblas" -> {
                OpenBlas.setNumThreads(1);
                System.out.println("OpenBLAS core: " + OpenBlas.coreName() + ", OPENBLAS_CORETYPE="
                        + System.getenv("OPENBLAS_CORETYPE"));
            }
            case "vectorblas" -> {
                vectorBlas = JavaBLAS.getInstance();
                System.out.println("netlib Java BLAS: " + vectorBlas.getClass().getName());
            }
            default -> { }
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void sgemm(Flops flops) {
        switch (impl) {
            case "panopt" -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, ws);
            case "openblas" -> Blas.sgemm(Trans.N, Trans.N, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            case "vectorblas" -> vectorBlas.sgemm("N", "N", n, n, n, 1f, ha, n, hb, n, 0f, hc, n);
            default -> throw new IllegalArgumentException(impl);
        }
        flops.flop += flopsPerCall;
    }
}
