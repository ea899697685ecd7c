package org.panopt.ffi.cuda;

/**
 * Where cuBLAS reads scalars (α, β) and writes scalar results (dot, nrm2): host memory (the call
 * blocks until a result is back) or device memory (the call stays asynchronous).
 */
public enum PointerMode {
    /** {@code CUBLAS_POINTER_MODE_HOST}: scalars are Java values; results are returned. */
    HOST,
    /** {@code CUBLAS_POINTER_MODE_DEVICE}: scalars and results are elements of device vectors. */
    DEVICE
}
