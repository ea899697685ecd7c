package org.panopt.ffi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import org.panopt.ffi.Downcalls;
import org.panopt.ffi.ElementType;
import org.panopt.ffi.GemmPlan;
import org.panopt.ffi.Trans;

/**
 * A cuBLAS handle ({@code cublasCreate_v2}), destroyed exactly once by {@link #close()}. Operations
 * take device views; transposes come from the views' flags, and a result stored transposed (a
 * row-major C) is computed through {@code Cᵀ = BᵀAᵀ} with the operands swapped, never by copying.
 *
 * <p>Scalars follow the {@link PointerMode}: in {@link PointerMode#HOST} (the default) they are Java
 * values and dot/nrm2 return their result (blocking until it is back); in {@link PointerMode#DEVICE}
 * they are one-element {@link DeviceVector}s and results are written to one (asynchronous). Calling
 * the variant of the other mode is an {@link IllegalStateException}. Every shape, element type and
 * buffer is checked before the call; a cuBLAS error is a {@link CublasException}. Like cuBLAS
 * handles, one handle is for one thread at a time.
 */
public final class CublasHandle implements AutoCloseable {
    private final CublasLibrary lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    /** Host scalars for HOST mode: alpha at 0, beta at 8, a result at 16 (allocated once). */
    private final MemorySegment scalars;
    private final AtomicBoolean closed = new AtomicBoolean();
    private PointerMode mode = PointerMode.HOST;

    CublasHandle(CublasLibrary lib) {
        this.lib = lib;
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            lib.check("cublasCreate_v2", (int) lib.create.invokeExact(out));
        } catch (Throwable t) {
            arena.close();
            throw Downcalls.rethrow(t);
        }
        handle = out.get(ADDRESS, 0);
        scalars = arena.allocate(24, 8);
    }

    private MemorySegment h() {
        if (closed.get()) {
            throw new IllegalStateException("cuBLAS handle was destroyed (closed)");
        }
        return handle;
    }

    /** {@code cublasGetVersion}, e.g. 120800 for 12.8.0. */
    public int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            lib.check("cublasGetVersion_v2", (int) lib.getVersion.invokeExact(h(), v));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cublasSetStream}: later calls are queued on {@code stream}. */
    public void setStream(CudaStream stream) {
        try {
            lib.check("cublasSetStream_v2", (int) lib.setStream.invokeExact(h(), stream.handle()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cublasSetPointerMode}. */
    public void setPointerMode(PointerMode m) {
        try {
            lib.check("cublasSetPointerMode_v2", (int) lib.setPointerMode.invokeExact(h(), m == PointerMode.HOST ? 0 : 1));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        mode = m;
    }

    public PointerMode pointerMode() {
        return mode;
    }

    // ---------------------------------------------------------------- scalars

    private void requireMode(PointerMode m) {
        if (mode != m) {
            throw new IllegalStateException("the handle is in " + mode + " pointer mode: " + (m == PointerMode.HOST
                    ? "pass alpha/beta as device scalars (DeviceVector), or setPointerMode(HOST)"
                    : "pass alpha/beta as Java values, or setPointerMode(DEVICE)"));
        }
    }

    private MemorySegment host(ElementType t, long slot, double v) {
        if (t == ElementType.F64) {
            scalars.set(JAVA_DOUBLE, slot, v);
        } else {
            scalars.set(JAVA_FLOAT, slot, (float) v);
        }
        return scalars.asSlice(slot, 8);
    }

    private static MemorySegment device(ElementType t, DeviceVector s, String name) {
        if (s.length() != 1 || s.type() != t) {
            throw new IllegalArgumentException(name + " must be a one-element " + t + " device vector, got " + s);
        }
        return MemorySegment.ofAddress(s.address());
    }

    private static void same(ElementType t, Object... views) {
        for (Object v : views) {
            ElementType u = v instanceof DeviceMatrix m ? m.type() : ((DeviceVector) v).type();
            if (u != t) {
                throw new IllegalArgumentException("element types differ: " + t + " and " + u);
            }
        }
    }

    // ---------------------------------------------------------------- GEMM

    /** {@code C ← α A B + β C} for logical (view) shapes A m×k, B k×n, C m×n; host scalars. */
    public void gemm(double alpha, DeviceMatrix a, DeviceMatrix b, double beta, DeviceMatrix c) {
        requireMode(PointerMode.HOST);
        gemm(host(c.type(), 0, alpha), a, b, host(c.type(), 8, beta), c);
    }

    /** {@link #gemm(double, DeviceMatrix, DeviceMatrix, double, DeviceMatrix)} with device scalars. */
    public void gemm(DeviceVector alpha, DeviceMatrix a, DeviceMatrix b, DeviceVector beta, DeviceMatrix c) {
        requireMode(PointerMode.DEVICE);
        gemm(device(c.type(), alpha, "alpha"), a, b, device(c.type(), beta, "beta"), c);
    }

    private void gemm(MemorySegment alpha, DeviceMatrix a, DeviceMatrix b, MemorySegment beta, DeviceMatrix c) {
        gemmShapes(a, b, c);
        if (c.rows() == 0 || c.cols() == 0) {
            return;
        }
        boolean swap = GemmPlan.swapped(c.transposed());
        DeviceMatrix first = swap ? b : a;
        DeviceMatrix second = swap ? a : b;
        MethodHandle mh = CublasLibrary.pick(c.type(), lib.dgemm, lib.sgemm);
        try {
            lib.check(c.type() == ElementType.F64 ? "cublasDgemm_v2" : "cublasSgemm_v2", (int) mh.invokeExact(h(),
                    GemmPlan.first(a.transposed(), b.transposed(), c.transposed()).cublas(),
                    GemmPlan.second(a.transposed(), b.transposed(), c.transposed()).cublas(),
                    swap ? c.cols() : c.rows(), swap ? c.rows() : c.cols(), a.cols(), alpha,
                    first.address(), first.ld(), second.address(), second.ld(), beta, c.address(), c.ld()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static void gemmShapes(DeviceMatrix a, DeviceMatrix b, DeviceMatrix c) {
        same(c.type(), a, b);
        if (a.rows() != c.rows() || b.cols() != c.cols() || a.cols() != b.rows()) {
            throw new IllegalArgumentException("gemm shapes do not agree: A " + a.rows() + "x" + a.cols() + ", B "
                    + b.rows() + "x" + b.cols() + ", C " + c.rows() + "x" + c.cols());
        }
    }

    /**
     * {@code C_i ← α A_i B_i + β C_i} for {@code batch} matrices, the i-th of each operand starting
     * {@code i·stride} elements after the view's first; host scalars.
     */
    public void gemmStridedBatched(double alpha, DeviceMatrix a, long strideA, DeviceMatrix b, long strideB,
                                   double beta, DeviceMatrix c, long strideC, int batch) {
        requireMode(PointerMode.HOST);
        gemmShapes(a, b, c);
        if (batch < 0 || strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("negative batch count or stride");
        }
        if (batch == 0 || c.rows() == 0 || c.cols() == 0) {
            return;
        }
        // the last matrix of each batch must lie in its buffer too
        lastOfBatch(a, strideA, batch);
        lastOfBatch(b, strideB, batch);
        lastOfBatch(c, strideC, batch);
        boolean swap = GemmPlan.swapped(c.transposed());
        DeviceMatrix first = swap ? b : a;
        DeviceMatrix second = swap ? a : b;
        long s1 = swap ? strideB : strideA;
        long s2 = swap ? strideA : strideB;
        MethodHandle mh = CublasLibrary.pick(c.type(), lib.dgemmBatched, lib.sgemmBatched);
        try {
            lib.check("cublas" + (c.type() == ElementType.F64 ? "D" : "S") + "gemmStridedBatched",
                    (int) mh.invokeExact(h(), GemmPlan.first(a.transposed(), b.transposed(), c.transposed()).cublas(),
                            GemmPlan.second(a.transposed(), b.transposed(), c.transposed()).cublas(),
                            swap ? c.cols() : c.rows(), swap ? c.rows() : c.cols(), a.cols(),
                            host(c.type(), 0, alpha), first.address(), first.ld(), s1, second.address(), second.ld(),
                            s2, host(c.type(), 8, beta), c.address(), c.ld(), strideC, batch));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static void lastOfBatch(DeviceMatrix m, long stride, int batch) {
        DeviceMatrix.of(m.buffer(), m.type(), m.offset() + stride * (batch - 1), m.rows(), m.cols(), m.ld(),
                m.transposed());
    }

    // ---------------------------------------------------------------- GEMV, GEAM

    /** {@code y ← α A x + β y}, A the logical (view) m×n, x of n and y of m elements; host scalars. */
    public void gemv(double alpha, DeviceMatrix a, DeviceVector x, double beta, DeviceVector y) {
        requireMode(PointerMode.HOST);
        gemv(host(y.type(), 0, alpha), a, x, host(y.type(), 8, beta), y);
    }

    /** {@link #gemv(double, DeviceMatrix, DeviceVector, double, DeviceVector)} with device scalars. */
    public void gemv(DeviceVector alpha, DeviceMatrix a, DeviceVector x, DeviceVector beta, DeviceVector y) {
        requireMode(PointerMode.DEVICE);
        gemv(device(y.type(), alpha, "alpha"), a, x, device(y.type(), beta, "beta"), y);
    }

    private void gemv(MemorySegment alpha, DeviceMatrix a, DeviceVector x, MemorySegment beta, DeviceVector y) {
        same(y.type(), a, x);
        if (a.cols() != x.length() || a.rows() != y.length()) {
            throw new IllegalArgumentException("gemv shapes do not agree: A " + a.rows() + "x" + a.cols() + ", x "
                    + x.length() + ", y " + y.length());
        }
        if (y.length() == 0) {
            return;
        }
        MethodHandle mh = CublasLibrary.pick(y.type(), lib.dgemv, lib.sgemv);
        try {
            lib.check(y.type() == ElementType.F64 ? "cublasDgemv_v2" : "cublasSgemv_v2", (int) mh.invokeExact(h(),
                    Trans.of(a.transposed()).cublas(), a.storageRows(), a.storageCols(), alpha, a.address(), a.ld(),
                    x.address(), x.inc(), beta, y.address(), y.inc()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code C ← α A + β B} (cuBLAS geam: sums, transposes, copies), all logical m×n; host scalars. */
    public void geam(double alpha, DeviceMatrix a, double beta, DeviceMatrix b, DeviceMatrix c) {
        requireMode(PointerMode.HOST);
        geam(host(c.type(), 0, alpha), a, host(c.type(), 8, beta), b, c);
    }

    /** {@link #geam(double, DeviceMatrix, double, DeviceMatrix, DeviceMatrix)} with device scalars. */
    public void geam(DeviceVector alpha, DeviceMatrix a, DeviceVector beta, DeviceMatrix b, DeviceMatrix c) {
        requireMode(PointerMode.DEVICE);
        geam(device(c.type(), alpha, "alpha"), a, device(c.type(), beta, "beta"), b, c);
    }

    private void geam(MemorySegment alpha, DeviceMatrix a, MemorySegment beta, DeviceMatrix b, DeviceMatrix c) {
        same(c.type(), a, b);
        if (a.rows() != c.rows() || a.cols() != c.cols() || b.rows() != c.rows() || b.cols() != c.cols()) {
            throw new IllegalArgumentException("geam shapes differ: A " + a.rows() + "x" + a.cols() + ", B " + b.rows()
                    + "x" + b.cols() + ", C " + c.rows() + "x" + c.cols());
        }
        if (c.rows() == 0 || c.cols() == 0) {
            return;
        }
        // Stored C may be Cᵀ: then compute Cᵀ = α Aᵀ + β Bᵀ, each op flipped.
        boolean ct = c.transposed();
        MethodHandle mh = CublasLibrary.pick(c.type(), lib.dgeam, lib.sgeam);
        try {
            lib.check(c.type() == ElementType.F64 ? "cublasDgeam" : "cublasSgeam", (int) mh.invokeExact(h(),
                    Trans.of(a.transposed() != ct).cublas(), Trans.of(b.transposed() != ct).cublas(),
                    c.storageRows(), c.storageCols(), alpha, a.address(), a.ld(), beta, b.address(), b.ld(),
                    c.address(), c.ld()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- level 1

    /** {@code y ← α x + y}; host scalar. */
    public void axpy(double alpha, DeviceVector x, DeviceVector y) {
        requireMode(PointerMode.HOST);
        axpy(host(y.type(), 0, alpha), x, y);
    }

    /** {@code y ← α x + y}; device scalar. */
    public void axpy(DeviceVector alpha, DeviceVector x, DeviceVector y) {
        requireMode(PointerMode.DEVICE);
        axpy(device(y.type(), alpha, "alpha"), x, y);
    }

    private void axpy(MemorySegment alpha, DeviceVector x, DeviceVector y) {
        sameLength(x, y);
        MethodHandle mh = CublasLibrary.pick(y.type(), lib.daxpy, lib.saxpy);
        try {
            lib.check(y.type() == ElementType.F64 ? "cublasDaxpy_v2" : "cublasSaxpy_v2", (int) mh.invokeExact(h(),
                    y.length(), alpha, x.address(), x.inc(), y.address(), y.inc()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code x ← α x}; host scalar. */
    public void scal(double alpha, DeviceVector x) {
        requireMode(PointerMode.HOST);
        scal(host(x.type(), 0, alpha), x);
    }

    /** {@code x ← α x}; device scalar. */
    public void scal(DeviceVector alpha, DeviceVector x) {
        requireMode(PointerMode.DEVICE);
        scal(device(x.type(), alpha, "alpha"), x);
    }

    private void scal(MemorySegment alpha, DeviceVector x) {
        MethodHandle mh = CublasLibrary.pick(x.type(), lib.dscal, lib.sscal);
        try {
            lib.check(x.type() == ElementType.F64 ? "cublasDscal_v2" : "cublasSscal_v2",
                    (int) mh.invokeExact(h(), x.length(), alpha, x.address(), x.inc()));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code xᵀy}, returned (HOST mode: blocks until the result is back). */
    public double dot(DeviceVector x, DeviceVector y) {
        requireMode(PointerMode.HOST);
        dot(x, y, scalars.asSlice(16, 8));
        return x.type() == ElementType.F64 ? scalars.get(JAVA_DOUBLE, 16) : scalars.get(JAVA_FLOAT, 16);
    }

    /** {@code result[0] ← xᵀy} on the device (DEVICE mode: asynchronous). */
    public void dot(DeviceVector x, DeviceVector y, DeviceVector result) {
        requireMode(PointerMode.DEVICE);
        dot(x, y, device(x.type(), result, "result"));
    }

    private void dot(DeviceVector x, DeviceVector y, MemorySegment result) {
        sameLength(x, y);
        MethodHandle mh = CublasLibrary.pick(x.type(), lib.ddot, lib.sdot);
        try {
            lib.check(x.type() == ElementType.F64 ? "cublasDdot_v2" : "cublasSdot_v2", (int) mh.invokeExact(h(),
                    x.length(), x.address(), x.inc(), y.address(), y.inc(), result));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code ‖x‖₂}, returned (HOST mode). */
    public double nrm2(DeviceVector x) {
        requireMode(PointerMode.HOST);
        nrm2(x, scalars.asSlice(16, 8));
        return x.type() == ElementType.F64 ? scalars.get(JAVA_DOUBLE, 16) : scalars.get(JAVA_FLOAT, 16);
    }

    /** {@code result[0] ← ‖x‖₂} on the device (DEVICE mode). */
    public void nrm2(DeviceVector x, DeviceVector result) {
        requireMode(PointerMode.DEVICE);
        nrm2(x, device(x.type(), result, "result"));
    }

    private void nrm2(DeviceVector x, MemorySegment result) {
        MethodHandle mh = CublasLibrary.pick(x.type(), lib.dnrm2, lib.snrm2);
        try {
            lib.check(x.type() == ElementType.F64 ? "cublasDnrm2_v2" : "cublasSnrm2_v2",
                    (int) mh.invokeExact(h(), x.length(), x.address(), x.inc(), result));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static void sameLength(DeviceVector x, DeviceVector y) {
        same(y.type(), x);
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("vector lengths differ: " + x.length() + " and " + y.length());
        }
    }

    /** {@code cublasDestroy}; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                lib.check("cublasDestroy_v2", (int) lib.destroy.invokeExact(handle));
            } catch (Throwable t) {
                throw Downcalls.rethrow(t);
            } finally {
                arena.close();
            }
        }
    }
}
