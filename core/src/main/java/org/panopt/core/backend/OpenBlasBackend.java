package org.panopt.core.backend;

import java.lang.foreign.MemorySegment;
import org.panopt.core.array.Matrix;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Blas;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.kernels.level1.Level1;

/**
 * The {@code openblas} backend: host {@link Matrix} views passed to OpenBLAS by address, no copies
 * (the shared element-wise logic and the transposed-C identity are in {@link HostBackend}). Float32
 * Frobenius dot products accumulate in float64 with the Java kernel {@link Level1#dsdot}: OpenBLAS's
 * own {@code dsdot} still sums partly in float32 (0.3.21 and 0.3.30 both lost terms in a test here).
 */
public final class OpenBlasBackend extends HostBackend {
    private static final OpenBlasBackend INSTANCE = new OpenBlasBackend();

    private OpenBlasBackend() {
    }

    /**
     * The backend over the OpenBLAS this JVM found.
     *
     * @throws org.panopt.ffi.LibraryUnavailableException if there is none (the message says what was searched)
     */
    public static OpenBlasBackend get() {
        OpenBlas.library();
        return INSTANCE;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    protected void storageGemm(boolean f32, boolean transA, boolean transB, int m, int n, int k, double alpha,
                               Matrix a, Matrix b, double beta, Matrix c) {
        Trans ta = Trans.of(transA);
        Trans tb = Trans.of(transB);
        if (f32) {
            Blas.sgemm(ta, tb, m, n, k, (float) alpha, a.segment(), a.offset(), a.ld(), b.segment(), b.offset(), b.ld(),
                    (float) beta, c.segment(), c.offset(), c.ld());
        } else {
            Blas.dgemm(ta, tb, m, n, k, alpha, a.segment(), a.offset(), a.ld(), b.segment(), b.offset(), b.ld(), beta,
                    c.segment(), c.offset(), c.ld());
        }
    }

    @Override
    protected void storageSyrkUpper(boolean f32, boolean trans, int n, int k, double alpha, Matrix a, double beta,
                                    Matrix c) {
        Trans t = Trans.of(trans);
        if (f32) {
            Blas.ssyrk(Uplo.UPPER, t, n, k, (float) alpha, a.segment(), a.offset(), a.ld(), (float) beta, c.segment(),
                    c.offset(), c.ld());
        } else {
            Blas.dsyrk(Uplo.UPPER, t, n, k, alpha, a.segment(), a.offset(), a.ld(), beta, c.segment(), c.offset(), c.ld());
        }
    }

    @Override
    protected void lineAxpy(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incX, MemorySegment y,
                            long yOff, int incY) {
        if (f32) {
            Blas.saxpy(n, (float) alpha, x, xOff, incX, y, yOff, incY);
        } else {
            Blas.daxpy(n, alpha, x, xOff, incX, y, yOff, incY);
        }
    }

    @Override
    protected void lineCopy(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y, long yOff,
                            int incY) {
        if (f32) {
            Blas.scopy(n, x, xOff, incX, y, yOff, incY);
        } else {
            Blas.dcopy(n, x, xOff, incX, y, yOff, incY);
        }
    }

    /** OpenBLAS versions differ on {@code scal} by zero (some store zeros), so α = 0 multiplies in Java. */
    @Override
    protected void lineScal(boolean f32, int n, double alpha, MemorySegment y, long yOff, int incY) {
        if (alpha == 0) {
            if (f32) {
                Level1.sscal(n, 0f, y, yOff, incY);
            } else {
                Level1.dscal(n, 0d, y, yOff, incY);
            }
        } else if (f32) {
            Blas.sscal(n, (float) alpha, y, yOff, incY);
        } else {
            Blas.dscal(n, alpha, y, yOff, incY);
        }
    }

    @Override
    protected double lineDot(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y, long yOff,
                             int incY) {
        return f32 ? Level1.dsdot(n, x, xOff, incX, y, yOff, incY) : Blas.ddot(n, x, xOff, incX, y, yOff, incY);
    }

    @Override
    protected double lineNorm(boolean f32, int n, MemorySegment y, long yOff, int incY) {
        return f32 ? Blas.snrm2(n, y, yOff, incY) : Blas.dnrm2(n, y, yOff, incY);
    }
}
