package org.panopt.ffi;

/**
 * A native library (OpenBLAS, CUDA) is not available in this JVM. The message says what was
 * searched, what failed, and how to install or point to the library.
 */
public final class LibraryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LibraryUnavailableException(String message) {
        super(message);
    }
}
