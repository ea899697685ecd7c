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
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.GemmWorkspace;
import org.panopt.kernels.level3.Syrk;
import org.panopt.jmh.study.Study;

/**
 * DSYRK {@code C ← Aᵀ·A} (A is n × n, lower triangle, the landing step's {@code XᵀX}), single thread:
 * panopt against OpenBLAS (panopt's FFM binding, one thread), netlib's VectorBLAS, and panopt's own DGEMM of the
 * same product ({@code panopt-gemm}, which computes both triangles). The {@code flop} line counts
 * n²·(n + 1) useful operations for every implementation (the triangle's), so the GEMM row shows what
 * computing the whole product costs in the same units.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@Study(value = "DSYRK f64 (XᵀX)", baseline = "openblas", size = "n", flops = "n^2*(n+1)", quick = {"n=256"})
public class SyrkBenchmark {
    @Param({"64", "256", "1024"})
    public int n;

    @Param({"panopt", "panopt-gemm", "openblas", "vectorblas"})
    public String impl;

    private Arena arena;
    private MemorySegment a, c;
    private double[] ha, hc;
    private GemmWorkspace ws;
    private BLAS vectorBlas;
    private long flopsPerCall;

    @Setup
    public void setup() {
        arena = Arena.ofShared();
        long nn = (long) n * n;
        a = arena.allocate(ValueLayout.JAVA_DOUBLE, nn);
        c = arena.allocate(ValueLayout.JAVA_DOUBLE, nn);
        SplittableRandom r = new SplittableRandom(42);
        ha = new double[(int) nn];
        hc = new double[(int) nn];
        for (int i = 0; i < nn; i++) {
            ha[i] = r.nextDouble(-1, 1);
        }
        MemorySegment.copy(ha, 0, a, ValueLayout.JAVA_DOUBLE, 0, (int) nn);
        ws = GemmWorkspace.forDoubles(n, n, n);
        flopsPerCall = (long) n * n * (n + 1);
        if (impl.equals("openblas")) {
            OpenBlas.setNumThreads(1);
            System.out.println("OpenBLAS core: " + OpenBlas.coreName() + ", OPENBLAS_CORETYPE="
                    + System.getenv("OPENBLAS_CORETYPE"));
        } else if (impl.equals("vectorblas")) {
            vectorBlas = JavaBLAS.getInstance();
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void dsyrk(Flops flops) {
        switch (impl) {
            case "panopt" -> Syrk.dsyrk(false, true, n, n, 1.0, a, 0, n, 0.0, c, 0, n, ws);
            case "panopt-gemm" -> Gemm.dgemm(true, false, n, n, n, 1.0, a, 0, n, a, 0, n, 0.0, c, 0, n, ws);
            case "openblas" -> Blas.dsyrk(Uplo.LOWER, Trans.T, n, n, 1.0, a, 0, n, 0.0, c, 0, n);
            case "vectorblas" -> vectorBlas.dsyrk("L", "T", n, n, 1.0, ha, n, 0.0, hc, n);
            default -> throw new IllegalArgumentException(impl);
        }
        flops.flop += flopsPerCall;
    }
}
