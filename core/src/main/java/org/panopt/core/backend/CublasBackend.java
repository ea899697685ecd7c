package org.panopt.core.backend;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.ElementType;
import org.panopt.ffi.cuda.CublasHandle;
import org.panopt.ffi.cuda.CudaLibraries;
import org.panopt.ffi.cuda.CudaRuntime;
import org.panopt.ffi.cuda.DeviceBuffer;
import org.panopt.ffi.cuda.DeviceMatrix;
import org.panopt.ffi.cuda.DeviceVector;

/**
 * The {@code cublas} backend over {@link GpuMatrix} views: one cuBLAS handle (so one thread at a time,
 * as cuBLAS requires), host pointer mode. Transposes come from view flags and a transposed output is
 * computed by operand swapping, never by copying. {@code syrk} is a GEMM followed by
 * {@code C ← ½(C + Cᵀ)}, which is exactly symmetric (floating-point addition commutes). Element-wise
 * operations run over the whole storage when contiguous with the same layout, else per stored column.
 * Reductions of float32 matrices accumulate in float32 on the device (cuBLAS has no mixed dot).
 * Small scratch buffers (a vector of ones, a square temporary) are owned by the backend, grown when a
 * larger size is first seen, and freed by {@link #close()}.
 */
public final class CublasBackend implements Backend<GpuMatrix>, AutoCloseable {
    private final CudaRuntime cuda;
    private final CublasHandle blas;
    private DeviceBuffer ones;
    private DeviceBuffer scratch;

    private CublasBackend(CudaLibraries.Result libs) {
        this.cuda = libs.runtime();
        this.blas = libs.cublas().create();
    }

    /**
     * A backend on the libraries {@code libs} found.
     *
     * @throws IllegalStateException with the discovery's reason if CUDA, cuBLAS or a device is missing
     */
    public static CublasBackend open(CudaLibraries.Result libs) {
        if (!libs.available()) {
            throw new IllegalStateException("cuBLAS backend unavailable: " + libs.detail());
        }
        return new CublasBackend(libs);
    }

    @Override
    public String name() {
        return "cublas";
    }

    @Override
    public GpuMatrix allocate(Workspace ws, DType dtype, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        DeviceBuffer b = ws.attach(cuda.allocate(Math.max(1L, (long) rows * cols) * dtype.byteSize()));
        // cudaMalloc'd memory is not zeroed: clear it, as the Backend contract promises.
        GpuMatrix m = new GpuMatrix(b.matrix(GpuMatrix.type(dtype), rows, cols));
        if (rows > 0 && cols > 0) {
            blas.scal(0.0, new DeviceVector(b, GpuMatrix.type(dtype), 0, rows * cols, 1));
        }
        return m;
    }

    @Override
    public void gemm(double alpha, GpuMatrix a, GpuMatrix b, double beta, GpuMatrix c) {
        Shapes.gemm(a, b, c);
        refuseOverlap("gemm", c, a);
        refuseOverlap("gemm", c, b);
        blas.gemm(alpha, a.device(), b.device(), beta, c.device());
    }

    @Override
    public void syrk(double alpha, GpuMatrix a, double beta, GpuMatrix c) {
        Shapes.syrk(a, c);
        refuseOverlap("syrk", c, a);
        blas.gemm(alpha, a.device().t(), a.device(), beta, c.device());
        int p = c.rows();
        if (p > 1) {
            DeviceMatrix tmp = scratch(c.dtype(), (long) p * p).matrix(GpuMatrix.type(c.dtype()), p, p);
            blas.geam(0.5, c.device(), 0.5, c.device().t(), tmp);
            blas.geam(1.0, tmp, 0.0, tmp, c.device());
        }
    }

    @Override
    public void geam(double alpha, GpuMatrix a, double beta, GpuMatrix b, GpuMatrix c) {
        Shapes.same("geam", a, b, c);
        if (!same(c, a)) {
            refuseOverlap("geam", c, a);
        }
        if (!same(c, b)) {
            refuseOverlap("geam", c, b);
        }
        blas.geam(alpha, a.device(), beta, b.device(), c.device());
    }

    @Override
    public void axpy(double alpha, GpuMatrix x, GpuMatrix y) {
        Shapes.same("axpy", x, y);
        refuseOverlap("axpy", y, x);
        lines(alpha, x, y, Op.AXPY);
    }

    @Override
    public void scale(double alpha, GpuMatrix a) {
        lines(alpha, a, a, Op.SCAL);
    }

    @Override
    public void addIdentity(double alpha, GpuMatrix c) {
        int n = Math.min(c.rows(), c.cols());
        if (n == 0) {
            return;
        }
        ElementType t = GpuMatrix.type(c.dtype());
        DeviceVector diag = DeviceVector.of(c.device().buffer(), t, c.device().offset(), n, c.ld() + 1);
        blas.axpy(alpha, ones(c.dtype(), n), diag);
    }

    @Override
    public void copy(GpuMatrix src, GpuMatrix dst) {
        Shapes.same("copy", src, dst);
        if (same(src, dst)) {
            return;
        }
        refuseOverlap("copy", dst, src);
        blas.geam(1.0, src.device(), 0.0, src.device(), dst.device());
    }

    @Override
    public double dot(GpuMatrix a, GpuMatrix b) {
        Shapes.same("dot", a, b);
        return lines(0, a, b, Op.DOT);
    }

    @Override
    public double norm(GpuMatrix a) {
        return lines(0, a, a, Op.NORM);
    }

    /** Host → device, with the same layout (same transpose flag) on both sides; no hidden transposing copy. */
    @Override
    public void upload(Matrix src, GpuMatrix dst) {
        sameLayout(src, dst);
        cuda.upload(src.segment(), src.offset(), src.ld(), dst.device());
    }

    /** Device → host, with the same layout on both sides. */
    @Override
    public void download(GpuMatrix src, Matrix dst) {
        sameLayout(dst, src);
        cuda.download(src.device(), dst.segment(), dst.offset(), dst.ld());
    }

    private static void sameLayout(Matrix h, GpuMatrix d) {
        if (h.rows() != d.rows() || h.cols() != d.cols() || h.dtype() != d.dtype()
                || h.isTransposed() != d.isTransposed()) {
            throw new IllegalArgumentException("host " + h + " and device " + d + " differ in shape, dtype or layout:"
                    + " transfers copy storage as it is");
        }
    }

    private enum Op { AXPY, SCAL, DOT, NORM }

    private double lines(double alpha, GpuMatrix x, GpuMatrix y, Op op) {
        if (y.rows() == 0 || y.cols() == 0) {
            return 0;
        }
        ElementType t = GpuMatrix.type(y.dtype());
        DeviceMatrix xd = x.device(), yd = y.device();
        boolean sameLayout = x.isTransposed() == y.isTransposed();
        if (sameLayout && x.isContiguous() && y.isContiguous()) {
            int len = Math.multiplyExact(y.rows(), y.cols());
            return line(op, alpha, new DeviceVector(xd.buffer(), t, xd.offset(), len, 1),
                    new DeviceVector(yd.buffer(), t, yd.offset(), len, 1));
        }
        int len = yd.storageRows();
        double acc = 0;
        for (int s = 0; s < yd.storageCols(); s++) {
            DeviceVector yv = DeviceVector.of(yd.buffer(), t, yd.offset() + (long) s * yd.ld(), len, 1);
            DeviceVector xv = sameLayout ? DeviceVector.of(xd.buffer(), t, xd.offset() + (long) s * xd.ld(), len, 1)
                    : DeviceVector.of(xd.buffer(), t, xd.offset() + s, len, xd.ld());
            double v = line(op, alpha, xv, yv);
            if (op == Op.DOT) {
                acc += v;
            } else if (op == Op.NORM) {
                acc = Math.hypot(acc, v); // column norms combined without overflow or underflow
            }
        }
        return acc;
    }

    private double line(Op op, double alpha, DeviceVector x, DeviceVector y) {
        return switch (op) {
            case AXPY -> {
                blas.axpy(alpha, x, y);
                yield 0;
            }
            case SCAL -> {
                blas.scal(alpha, y);
                yield 0;
            }
            case DOT -> blas.dot(x, y);
            case NORM -> blas.nrm2(y);
        };
    }

    /** A device vector of at least {@code n} ones of type {@code d} (rebuilt when longer or of another type). */
    private DeviceVector ones(DType d, int n) {
        ElementType t = GpuMatrix.type(d);
        if (ones == null || onesType != t || ones.byteSize() < (long) n * t.bytes()) {
            if (ones != null) {
                ones.close();
            }
            long count = Math.max(64, 2L * n);
            ones = cuda.allocate(count * t.bytes());
            onesType = t;
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                var host = arena.allocate(count * t.bytes(), 8);
                for (long i = 0; i < count; i++) {
                    if (t == ElementType.F64) {
                        host.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, 1.0);
                    } else {
                        host.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, 1f);
                    }
                }
                cuda.copyToDevice(host, 0, ones, 0, count * t.bytes());
            }
        }
        return DeviceVector.of(ones, t, 0, n, 1);
    }

    private ElementType onesType;

    private DeviceBuffer scratch(DType d, long elements) {
        long bytes = elements * d.byteSize();
        if (scratch == null || scratch.byteSize() < bytes) {
            if (scratch != null) {
                scratch.close();
            }
            scratch = cuda.allocate(bytes);
        }
        return scratch;
    }

    private static boolean same(GpuMatrix a, GpuMatrix b) {
        DeviceMatrix x = a.device(), y = b.device();
        return x.buffer() == y.buffer() && x.offset() == y.offset() && x.ld() == y.ld() && x.transposed() == y.transposed()
                && x.rows() == y.rows() && x.cols() == y.cols() && x.type() == y.type();
    }

    /** Conservative: the element ranges [first, last] of the two views in the same buffer intersect. */
    private static void refuseOverlap(String op, GpuMatrix out, GpuMatrix in) {
        DeviceMatrix o = out.device(), i = in.device();
        if (o.buffer() != i.buffer() || out.rows() == 0 || out.cols() == 0 || in.rows() == 0 || in.cols() == 0) {
            return;
        }
        long oLast = o.offset() + o.storageRows() - 1 + (long) (o.storageCols() - 1) * o.ld();
        long iLast = i.offset() + i.storageRows() - 1 + (long) (i.storageCols() - 1) * i.ld();
        if (o.offset() <= iLast && i.offset() <= oLast) {
            throw new IllegalArgumentException(op + ": the output overlaps an input in device memory (" + out + ")");
        }
    }

    /** Destroys the handle and frees the backend's scratch buffers (workspace matrices are the workspace's). */
    @Override
    public void close() {
        if (ones != null) {
            ones.close();
        }
        if (scratch != null) {
            scratch.close();
        }
        blas.close();
    }
}
