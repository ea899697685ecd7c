package org.panopt.ffi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import org.panopt.ffi.Downcalls;
import org.panopt.ffi.ElementType;

/**
 * cuBLAS (v2 API) as loaded from one file: the downcall handles {@link CublasHandle} uses. Device
 * pointers are passed as {@code JAVA_LONG} (they are not host memory); host scalars as segments.
 */
public final class CublasLibrary {
    private final Path path;
    private final CudaRuntime runtime;
    final MethodHandle create;
    final MethodHandle destroy;
    final MethodHandle setStream;
    final MethodHandle setPointerMode;
    final MethodHandle getVersion;
    private final MethodHandle statusName;
    private final MethodHandle statusString;
    final MethodHandle dgemm, sgemm, dgemv, sgemv, dgeam, sgeam, daxpy, saxpy, ddot, sdot, dnrm2, snrm2, dscal, sscal;
    final MethodHandle dgemmBatched, sgemmBatched;

    CublasLibrary(SymbolLookup lib, Path path, CudaRuntime runtime) {
        this.path = path;
        this.runtime = runtime;
        final var H = ADDRESS; // host pointer (handle, scalars in HOST mode)
        final var D = JAVA_LONG; // device pointer
        final var I = JAVA_INT;
        create = Downcalls.bind(lib, "cublasCreate_v2", FunctionDescriptor.of(I, H), false);
        destroy = Downcalls.bind(lib, "cublasDestroy_v2", FunctionDescriptor.of(I, H), false);
        setStream = Downcalls.bind(lib, "cublasSetStream_v2", FunctionDescriptor.of(I, H, D), false);
        setPointerMode = Downcalls.bind(lib, "cublasSetPointerMode_v2", FunctionDescriptor.of(I, H, I), false);
        getVersion = Downcalls.bind(lib, "cublasGetVersion_v2", FunctionDescriptor.of(I, H, H), false);
        // Present since cuBLAS 11.4; older libraries get names from our own table.
        statusName = lib.find("cublasGetStatusName").isPresent()
                ? Downcalls.bind(lib, "cublasGetStatusName", FunctionDescriptor.of(H, I), false) : null;
        statusString = lib.find("cublasGetStatusString").isPresent()
                ? Downcalls.bind(lib, "cublasGetStatusString", FunctionDescriptor.of(H, I), false) : null;
        // Scalars (alpha, beta, results) are ADDRESS: a host segment in HOST mode, a device address in DEVICE mode.
        FunctionDescriptor gemm = FunctionDescriptor.of(I, H, I, I, I, I, I, H, D, I, D, I, H, D, I);
        FunctionDescriptor gemv = FunctionDescriptor.of(I, H, I, I, I, H, D, I, D, I, H, D, I);
        FunctionDescriptor geam = FunctionDescriptor.of(I, H, I, I, I, I, H, D, I, H, D, I, D, I);
        FunctionDescriptor axpy = FunctionDescriptor.of(I, H, I, H, D, I, D, I);
        FunctionDescriptor dot = FunctionDescriptor.of(I, H, I, D, I, D, I, H);
        FunctionDescriptor nrm2 = FunctionDescriptor.of(I, H, I, D, I, H);
        FunctionDescriptor scal = FunctionDescriptor.of(I, H, I, H, D, I);
        FunctionDescriptor batched = FunctionDescriptor.of(I, H, I, I, I, I, I, H, D, I, JAVA_LONG, D, I, JAVA_LONG, H,
                D, I, JAVA_LONG, I);
        dgemm = Downcalls.bind(lib, "cublasDgemm_v2", gemm, false);
        sgemm = Downcalls.bind(lib, "cublasSgemm_v2", gemm, false);
        dgemv = Downcalls.bind(lib, "cublasDgemv_v2", gemv, false);
        sgemv = Downcalls.bind(lib, "cublasSgemv_v2", gemv, false);
        dgeam = Downcalls.bind(lib, "cublasDgeam", geam, false);
        sgeam = Downcalls.bind(lib, "cublasSgeam", geam, false);
        daxpy = Downcalls.bind(lib, "cublasDaxpy_v2", axpy, false);
        saxpy = Downcalls.bind(lib, "cublasSaxpy_v2", axpy, false);
        ddot = Downcalls.bind(lib, "cublasDdot_v2", dot, false);
        sdot = Downcalls.bind(lib, "cublasSdot_v2", dot, false);
        dnrm2 = Downcalls.bind(lib, "cublasDnrm2_v2", nrm2, false);
        snrm2 = Downcalls.bind(lib, "cublasSnrm2_v2", nrm2, false);
        dscal = Downcalls.bind(lib, "cublasDscal_v2", scal, false);
        sscal = Downcalls.bind(lib, "cublasSscal_v2", scal, false);
        dgemmBatched = Downcalls.bind(lib, "cublasDgemmStridedBatched", batched, false);
        sgemmBatched = Downcalls.bind(lib, "cublasSgemmStridedBatched", batched, false);
    }

    /** The file this library was loaded from. */
    public Path path() {
        return path;
    }

    /** The CUDA runtime it works with. */
    public CudaRuntime runtime() {
        return runtime;
    }

    /** {@code cublasCreate}: a new handle (one per thread is the cuBLAS rule), closed exactly once. */
    public CublasHandle create() {
        return new CublasHandle(this);
    }

    static MethodHandle pick(ElementType t, MethodHandle d, MethodHandle s) {
        return t == ElementType.F64 ? d : s;
    }

    void check(String call, int status) {
        if (status != 0) {
            throw new CublasException(call, status, statusName(status), statusString(status));
        }
    }

    /** The status's name, e.g. {@code CUBLAS_STATUS_INVALID_VALUE}. */
    public String statusName(int status) {
        if (statusName != null) {
            try {
                MemorySegment s = (MemorySegment) statusName.invokeExact(status);
                if (!s.equals(MemorySegment.NULL)) {
                    return s.reinterpret(256).getString(0);
                }
            } catch (Throwable t) {
                throw Downcalls.rethrow(t);
            }
        }
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "CUBLAS_STATUS_" + status;
        };
    }

    private String statusString(int status) {
        if (statusString == null) {
            return "see the cuBLAS documentation of cublasStatus_t";
        }
        try {
            MemorySegment s = (MemorySegment) statusString.invokeExact(status);
            return s.equals(MemorySegment.NULL) ? "(no text)" : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
