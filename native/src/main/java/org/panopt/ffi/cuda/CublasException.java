package org.panopt.ffi.cuda;

/** A cuBLAS call returned a status other than {@code CUBLAS_STATUS_SUCCESS}. */
public final class CublasException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public CublasException(String call, int status, String name, String description) {
        super(call + " failed: " + name + " (" + status + "): " + description);
        this.status = status;
    }

    /** The {@code cublasStatus_t} value. */
    public int status() {
        return status;
    }
}
