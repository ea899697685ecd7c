package org.panopt.jmh.kernels;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.mult.MatrixVectorMult_DDRM;
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
import org.panopt.ffi.Trans;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;
import org.panopt.kernels.level2.Level2;

/**
 * DGEMV y = A·x and y = Aᵀ·x on an n×n column-major matrix, single thread: panopt on native segments
 * against OpenBLAS (panopt's binding, one thread, same segments), netlib's VectorBLAS and F2J and
 * EJML (row-major: its A·x reads the same bytes as our Aᵀ·x) in the same run. GFLOP/s = 2n² / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Study(quick = {"n=256"})
public class GemvBench {
    @Param({"256", "2048"})
    public int n;

    private Arena arena;
    private MemorySegment as, xs, ys;
    private double[] a, x, y;
    private DMatrixRMaj ea, ex, ey;
    private BLAS vector, f2j;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        as = arena.allocate(8L * n * n, 64);
        xs = arena.allocate(8L * n, 64);
        ys = arena.allocate(8L * n, 64);
        a = new double[n * n];
        x = new double[n];
        y = new double[n];
        SplittableRandom r = new SplittableRandom(9);
        for (int k = 0; k < n * n; k++) {
            a[k] = r.nextDouble() - 0.5;
            as.setAtIndex(ValueLayout.JAVA_DOUBLE, k, a[k]);
        }
        for (int k = 0; k < n; k++) {
            x[k] = r.nextDouble() - 0.5;
            xs.setAtIndex(ValueLayout.JAVA_DOUBLE, k, x[k]);
        }
        ea = DMatrixRMaj.wrap(n, n, a);
        ex = DMatrixRMaj.wrap(n, 1, x);
        ey = DMatrixRMaj.wrap(n, 1, y);
        vector = NetlibPeers.vectorBlas();
        f2j = NetlibPeers.f2j();
        if (OpenBlas.isAvailable()) {
            OpenBlas.setNumThreads(1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @AllocationFree
    @Study(value = "DGEMV N", impl = "panopt", flops = "2*n^2", baseline = "OpenBLAS")
    public MemorySegment gemvNPanopt() {
        Level2.dgemv(false, n, n, 1, as, 0, n, xs, 0, 1, 0, ys, 0, 1);
        return ys;
    }

    @Benchmark
    @AllocationFree
    @Study(value = "DGEMV T", impl = "panopt", flops = "2*n^2", baseline = "OpenBLAS")
    public MemorySegment gemvTPanopt() {
        Level2.dgemv(true, n, n, 1, as, 0, n, xs, 0, 1, 0, ys, 0, 1);
        return ys;
    }

    @Benchmark
    @Study(value = "DGEMV N", impl = "netlib VectorBLAS", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public double[] gemvNNetlibVector() {
        vector.dgemv("N", n, n, 1, a, n, x, 1, 0, y, 1);
        return y;
    }

    @Benchmark
    @Study(value = "DGEMV T", impl = "netlib VectorBLAS", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public double[] gemvTNetlibVector() {
        vector.dgemv("T", n, n, 1, a, n, x, 1, 0, y, 1);
        return y;
    }

    @Benchmark
    @Study(value = "DGEMV N", impl = "netlib F2J", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public double[] gemvNNetlibF2j() {
        f2j.dgemv("N", n, n, 1, a, n, x, 1, 0, y, 1);
        return y;
    }

    @Benchmark
    @Study(value = "DGEMV T", impl = "netlib F2J", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public double[] gemvTNetlibF2j() {
        f2j.dgemv("T", n, n, 1, a, n, x, 1, 0, y, 1);
        return y;
    }

    /** EJML is row-major: its A·x walks rows, which is our transposed case over the same bytes. */
    @Benchmark
    @Study(value = "DGEMV T", impl = "EJML (row-major A·x)", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public DMatrixRMaj gemvRowMajorEjml() {
        MatrixVectorMult_DDRM.mult(ea, ex, ey);
        return ey;
    }

    @Benchmark
    @Study(value = "DGEMV N", impl = "OpenBLAS", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public MemorySegment gemvNOpenBlas() {
        Blas.dgemv(Trans.N, n, n, 1, as, 0, n, xs, 0, 1, 0, ys, 0, 1);
        return ys;
    }

    @Benchmark
    @Study(value = "DGEMV T", impl = "OpenBLAS", peer = true, flops = "2*n^2", baseline = "OpenBLAS")
    public MemorySegment gemvTOpenBlas() {
        Blas.dgemv(Trans.T, n, n, 1, as, 0, n, xs, 0, 1, 0, ys, 0, 1);
        return ys;
    }
}
