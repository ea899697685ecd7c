package org.panopt.jmh.gemm;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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
 * DGEMM {@code C ← A·B} (n × n, column-major, no transposes, α = 1, β = 0), single thread: panopt's
 * packed Vector API kernel against OpenBLAS (panopt's FFM binding, one thread), netlib's
 * VectorBLAS and EJML ({@code CommonOps_DDRM.mult}, row-major: same operation count). Read the
 * {@code flop} line: GFLOP/s. panopt and OpenBLAS work on off-heap segments; the Java peers on arrays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
@Study(value = "DGEMM f64", baseline = "openblas", size = "n", flops = "2*n^3", quick = {"n=64,256"})
public class DgemmBenchmark {
    @Param({"16", "64", "256", "1024", "2048"})
    public int n;

    @Param({"panopt", "openblas", "vectorblas", "ejml"})
    public String impl;

    private Arena arena;
    private MemorySegment a, b, c;
    private double[] ha, hb, hc;
    private DMatrixRMaj ea, eb, ec;
    private GemmWorkspace ws;
    private BLAS vectorBlas;
    private long flopsPerCall;

    @Setup
    public void setup() {
        arena = Arena.ofShared();
        long nn = (long) n * n;
        a = arena.allocate(ValueLayout.JAVA_DOUBLE, nn);
        b = arena.allocate(ValueLayout.JAVA_DOUBLE, nn);
        c = arena.allocate(ValueLayout.JAVA_DOUBLE, nn);
        SplittableRandom r = new SplittableRandom(42);
        ha = new double[(int) nn];
        hb = new double[(int) nn];
        hc = new double[(int) nn];
        for (int i = 0; i < nn; i++) {
            ha[i] = r.nextDouble(-1, 1);
            hb[i] = r.nextDouble(-1, 1);
        }
        MemorySegment.copy(ha, 0, a, ValueLayout.JAVA_DOUBLE, 0, (int) nn);
        MemorySegment.copy(hb, 0, b, ValueLayout.JAVA_DOUBLE, 0, (int) nn);
        ea = DMatrixRMaj.wrap(n, n, ha.clone());
        eb = DMatrixRMaj.wrap(n, n, hb.clone());
        ec = new DMatrixRMaj(n, n);
        ws = GemmWorkspace.forDoubles(n, n, n);
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
    public void dgemm(Flops flops) {
        switch (impl) {
            case "panopt" -> Gemm.dgemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n, ws);
            case "openblas" -> Blas.dgemm(Trans.N, Trans.N, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            case "vectorblas" -> vectorBlas.dgemm("N", "N", n, n, n, 1.0, ha, n, hb, n, 0.0, hc, n);
            case "ejml" -> CommonOps_DDRM.mult(ea, eb, ec);
            default -> throw new IllegalArgumentException(impl);
        }
        flops.flop += flopsPerCall;
    }
}
