package org.panopt.jmh.kernels;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.mult.VectorVectorMult_DDRM;
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
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;
import org.panopt.kernels.level1.Level1;

/**
 * ddot, daxpy, dnrm2 (and sdot) at n = 1e3, 1e5, 1e7, single thread: panopt's kernels on native
 * segments against OpenBLAS (through panopt's binding, one thread, on the same segments), netlib's
 * VectorBLAS and F2J, EJML and a plain Java loop on double[] in the same run. ns/op; bytes moved
 * per op are 16n (dot), 24n (axpy), 8n (nrm2), so GB/s = bytes / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Study(quick = {"n=1000"})
public class Level1Bench {
    @Param({"1000", "100000", "10000000"})
    public int n;

    private Arena arena;
    private MemorySegment xs, ys, xf, yf;
    private double[] x, y;
    private DMatrixRMaj ex, ey;
    private BLAS vector, f2j;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        xs = arena.allocate(8L * n, 64);
        ys = arena.allocate(8L * n, 64);
        xf = arena.allocate(4L * n, 64);
        yf = arena.allocate(4L * n, 64);
        x = new double[n];
        y = new double[n];
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < n; k++) {
            x[k] = r.nextDouble() - 0.5;
            y[k] = r.nextDouble() - 0.5;
            xs.setAtIndex(ValueLayout.JAVA_DOUBLE, k, x[k]);
            ys.setAtIndex(ValueLayout.JAVA_DOUBLE, k, y[k]);
            xf.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) x[k]);
            yf.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) y[k]);
        }
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

    // ---- dot
    @Benchmark
    @AllocationFree
    @Study(value = "ddot f64", impl = "panopt", bytes = "16*n", baseline = "OpenBLAS")
    public double ddotPanopt() {
        return Level1.ddot(n, xs, 0, 1, ys, 0, 1);
    }

    @Benchmark
    @Study(value = "ddot f64", impl = "netlib VectorBLAS", peer = true, bytes = "16*n", baseline = "OpenBLAS")
    public double ddotNetlibVector() {
        return vector.ddot(n, x, 1, y, 1);
    }

    @Benchmark
    @Study(value = "ddot f64", impl = "netlib F2J", peer = true, bytes = "16*n", baseline = "OpenBLAS")
    public double ddotNetlibF2j() {
        return f2j.ddot(n, x, 1, y, 1);
    }

    @Benchmark
    @Study(value = "ddot f64", impl = "EJML", peer = true, bytes = "16*n", baseline = "OpenBLAS")
    public double ddotEjml() {
        return VectorVectorMult_DDRM.innerProd(ex, ey);
    }

    @Benchmark
    @Study(value = "ddot f64", impl = "Java loop", peer = true, bytes = "16*n", baseline = "OpenBLAS")
    public double ddotJavaLoop() {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += x[k] * y[k];
        }
        return s;
    }

    @Benchmark
    @AllocationFree
    @Study(value = "sdot f32", impl = "panopt", bytes = "8*n", baseline = "OpenBLAS")
    public float sdotPanopt() {
        return Level1.sdot(n, xf, 0, 1, yf, 0, 1);
    }

    @Benchmark
    @Study(value = "ddot f64", impl = "OpenBLAS", peer = true, bytes = "16*n", baseline = "OpenBLAS")
    public double ddotOpenBlas() {
        return Blas.ddot(n, xs, 0, 1, ys, 0, 1);
    }

    @Benchmark
    @Study(value = "sdot f32", impl = "OpenBLAS", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public float sdotOpenBlas() {
        return Blas.sdot(n, xf, 0, 1, yf, 0, 1);
    }

    // ---- axpy (y += 1e-12·x: the values stay bounded over billions of calls)
    @Benchmark
    @AllocationFree
    @Study(value = "daxpy f64", impl = "panopt", bytes = "24*n", baseline = "OpenBLAS")
    public MemorySegment daxpyPanopt() {
        Level1.daxpy(n, 1e-12, xs, 0, 1, ys, 0, 1);
        return ys;
    }

    @Benchmark
    @Study(value = "daxpy f64", impl = "netlib VectorBLAS", peer = true, bytes = "24*n", baseline = "OpenBLAS")
    public double[] daxpyNetlibVector() {
        vector.daxpy(n, 1e-12, x, 1, y, 1);
        return y;
    }

    @Benchmark
    @Study(value = "daxpy f64", impl = "netlib F2J", peer = true, bytes = "24*n", baseline = "OpenBLAS")
    public double[] daxpyNetlibF2j() {
        f2j.daxpy(n, 1e-12, x, 1, y, 1);
        return y;
    }

    @Benchmark
    @Study(value = "daxpy f64", impl = "EJML", peer = true, bytes = "24*n", baseline = "OpenBLAS")
    public DMatrixRMaj daxpyEjml() {
        CommonOps_DDRM.addEquals(ey, 1e-12, ex);
        return ey;
    }

    @Benchmark
    @Study(value = "daxpy f64", impl = "Java loop", peer = true, bytes = "24*n", baseline = "OpenBLAS")
    public double[] daxpyJavaLoop() {
        for (int k = 0; k < n; k++) {
            y[k] += 1e-12 * x[k];
        }
        return y;
    }

    @Benchmark
    @Study(value = "daxpy f64", impl = "OpenBLAS", peer = true, bytes = "24*n", baseline = "OpenBLAS")
    public MemorySegment daxpyOpenBlas() {
        Blas.daxpy(n, 1e-12, xs, 0, 1, ys, 0, 1);
        return ys;
    }

    // ---- nrm2
    @Benchmark
    @AllocationFree
    @Study(value = "dnrm2 f64", impl = "panopt", bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2Panopt() {
        return Level1.dnrm2(n, xs, 0, 1);
    }

    @Benchmark
    @Study(value = "dnrm2 f64", impl = "netlib VectorBLAS", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2NetlibVector() {
        return vector.dnrm2(n, x, 1);
    }

    @Benchmark
    @Study(value = "dnrm2 f64", impl = "netlib F2J", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2NetlibF2j() {
        return f2j.dnrm2(n, x, 1);
    }

    @Benchmark
    @Study(value = "dnrm2 f64", impl = "EJML", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2Ejml() {
        return NormOps_DDRM.normF(ex);
    }

    /** Unguarded sqrt(Σx²): the speed limit of a norm, not a safe one. */
    @Benchmark
    @Study(value = "dnrm2 f64", impl = "Java loop (unguarded)", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2JavaLoopUnsafe() {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += x[k] * x[k];
        }
        return Math.sqrt(s);
    }

    @Benchmark
    @Study(value = "dnrm2 f64", impl = "OpenBLAS", peer = true, bytes = "8*n", baseline = "OpenBLAS")
    public double dnrm2OpenBlas() {
        return Blas.dnrm2(n, xs, 0, 1);
    }
}
