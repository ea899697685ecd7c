package org.panopt.ffi.cuda;

/** A CUDA runtime call returned an error: the message has its name and CUDA's description. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public CudaException(String call, int code, String name, String description) {
        super(call + " failed: " + name + " (" + code + "): " + description);
        this.code = code;
    }

    /** The {@code cudaError_t} value. */
    public int code() {
        return code;
    }
}
