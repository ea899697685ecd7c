package org.panopt.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The BLAS-style operations the kernel suite checks, one method per operation with a precision flag,
 * so that more than one implementation can be run against the same scalar reference: panopt's Vector
 * API kernels ({@link PanoptBlas}) today, and OpenBLAS through the native binding once it exists (an
 * implementation that lacks an operation throws {@link UnsupportedOperationException}, and the suite
 * skips that operation for it). Vectors are (segment, element offset, increment); matrices are
 * column-major (segment, offset, leading dimension); {@link #iamax} is zero-based.
 */
public interface BlasImplementation {
    /** A short name for test reports. */
    String name();

    double dot(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    void axpy(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
              int incy);

    void axpby(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, double beta, MemorySegment y,
               long yOff, int incy);

    void scal(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx);

    void copy(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    void swap(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    double nrm2(boolean f32, int n, MemorySegment x, long xOff, int incx);

    double asum(boolean f32, int n, MemorySegment x, long xOff, int incx);

    int iamax(boolean f32, int n, MemorySegment x, long xOff, int incx);

    double sum(boolean f32, int n, MemorySegment x, long xOff, int incx);

    double max(boolean f32, int n, MemorySegment x, long xOff, int incx);

    /** z ← x ⊙ y. */
    void mul(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
             MemorySegment z, long zOff, int incz);

    /** z ← z + α·x ⊙ y. */
    void fma(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
             int incy, MemorySegment z, long zOff, int incz);

    void gemv(boolean f32, boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
              MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy);

    void ger(boolean f32, int m, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
             int incy, MemorySegment a, long aOff, int lda);

    void symv(boolean f32, boolean upper, int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x,
              long xOff, int incx, double beta, MemorySegment y, long yOff, int incy);
}
