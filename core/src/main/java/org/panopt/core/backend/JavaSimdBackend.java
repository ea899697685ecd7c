package org.panopt.core.backend;

import java.lang.foreign.MemorySegment;
import org.panopt.core.array.Matrix;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.Syrk;

/**
 * {@code java-simd}: the Vector API kernels of the {@code kernels} module on host {@link Matrix} views
 * — packed GEMM and triangle-only SYRK ({@link Gemm}, {@link Syrk}, pack buffers from a per-thread
 * cache, so no allocation per call once a thread has met its largest shape) and the level-1 kernels
 * ({@link Level1}; float32 dot products accumulate in float64 through {@link Level1#dsdot}). Always
 * available; single-threaded.
 */
public final class JavaSimdBackend extends HostBackend {
    /** The one instance (it has no state of its own; GEMM pack buffers are per thread). */
    public static final JavaSimdBackend INSTANCE = new JavaSimdBackend();

    private JavaSimdBackend() {
    }

    @Override
    public String name() {
        return "java-simd";
    }

    @Override
    protected void storageGemm(boolean f32, boolean transA, boolean transB, int m, int n, int k, double alpha,
                               Matrix a, Matrix b, double beta, Matrix c) {
        if (f32) {
            Gemm.sgemm(transA, transB, m, n, k, (float) alpha, a.segment(), a.offset(), a.ld(), b.segment(), b.offset(),
                    b.ld(), (float) beta, c.segment(), c.offset(), c.ld());
        } else {
            Gemm.dgemm(transA, transB, m, n, k, alpha, a.segment(), a.offset(), a.ld(), b.segment(), b.offset(), b.ld(),
                    beta, c.segment(), c.offset(), c.ld());
        }
    }

    @Override
    protected void storageSyrkUpper(boolean f32, boolean trans, int n, int k, double alpha, Matrix a, double beta,
                                    Matrix c) {
        if (f32) {
            Syrk.ssyrk(true, trans, n, k, (float) alpha, a.segment(), a.offset(), a.ld(), (float) beta, c.segment(),
                    c.offset(), c.ld());
        } else {
            Syrk.dsyrk(true, trans, n, k, alpha, a.segment(), a.offset(), a.ld(), beta, c.segment(), c.offset(), c.ld());
        }
    }

    @Override
    protected void lineAxpy(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incX, MemorySegment y,
                            long yOff, int incY) {
        if (f32) {
            Level1.saxpy(n, (float) alpha, x, xOff, incX, y, yOff, incY);
        } else {
            Level1.daxpy(n, alpha, x, xOff, incX, y, yOff, incY);
        }
    }

    @Override
    protected void lineCopy(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y, long yOff,
                            int incY) {
        if (f32) {
            Level1.scopy(n, x, xOff, incX, y, yOff, incY);
        } else {
            Level1.dcopy(n, x, xOff, incX, y, yOff, incY);
        }
    }

    @Override
    protected void lineScal(boolean f32, int n, double alpha, MemorySegment y, long yOff, int incY) {
        if (f32) {
            Level1.sscal(n, (float) alpha, y, yOff, incY);
        } else {
            Level1.dscal(n, alpha, y, yOff, incY);
        }
    }

    @Override
    protected double lineDot(boolean f32, int n, MemorySegment x, long xOff, int incX, MemorySegment y, long yOff,
                             int incY) {
        return f32 ? Level1.dsdot(n, x, xOff, incX, y, yOff, incY) : Level1.ddot(n, x, xOff, incX, y, yOff, incY);
    }

    @Override
    protected double lineNorm(boolean f32, int n, MemorySegment y, long yOff, int incY) {
        return f32 ? Level1.snrm2(n, y, yOff, incY) : Level1.dnrm2(n, y, yOff, incY);
    }
}
