package org.panopt.kernels;

import java.lang.foreign.MemorySegment;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;

/** {@link BlasImplementation} over panopt's Vector API kernels. */
public final class PanoptBlas implements BlasImplementation {
    @Override
    public String name() {
        return "panopt-vector";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public double dot(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        return f32 ? Level1.sdot(n, x, xOff, incx, y, yOff, incy) : Level1.ddot(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    public void axpy(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                     int incy) {
        if (f32) {
            Level1.saxpy(n, (float) alpha, x, xOff, incx, y, yOff, incy);
        } else {
            Level1.daxpy(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public void axpby(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, double beta,
                      MemorySegment y, long yOff, int incy) {
        if (f32) {
            Level1.saxpby(n, (float) alpha, x, xOff, incx, (float) beta, y, yOff, incy);
        } else {
            Level1.daxpby(n, alpha, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    @Override
    public void scal(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx) {
        if (f32) {
            Level1.sscal(n, (float) alpha, x, xOff, incx);
        } else {
            Level1.dscal(n, alpha, x, xOff, incx);
        }
    }

    @Override
    public void copy(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (f32) {
            Level1.scopy(n, x, xOff, incx, y, yOff, incy);
        } else {
            Level1.dcopy(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public void swap(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (f32) {
            Level1.sswap(n, x, xOff, incx, y, yOff, incy);
        } else {
            Level1.dswap(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public double nrm2(boolean f32, int n, MemorySegment x, long xOff, int incx) {
        return f32 ? Level1.snrm2(n, x, xOff, incx) : Level1.dnrm2(n, x, xOff, incx);
    }

    @Override
    public double asum(boolean f32, int n, MemorySegment x, long xOff, int incx) {
        return f32 ? Level1.sasum(n, x, xOff, incx) : Level1.dasum(n, x, xOff, incx);
    }

    @Override
    public int iamax(boolean f32, int n, MemorySegment x, long xOff, int incx) {
        return f32 ? Level1.isamax(n, x, xOff, incx) : Level1.idamax(n, x, xOff, incx);
    }

    @Override
    public double sum(boolean f32, int n, MemorySegment x, long xOff, int incx) {
        return f32 ? Level1.ssum(n, x, xOff, incx) : Level1.dsum(n, x, xOff, incx);
    }

    @Override
    public double max(boolean f32, int n, MemorySegment x, long xOff, int incx) {
        return f32 ? Level1.smax(n, x, xOff, incx) : Level1.dmax(n, x, xOff, incx);
    }

    @Override
    public void mul(boolean f32, int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy,
                    MemorySegment z, long zOff, int incz) {
        if (f32) {
            Level1.smul(n, x, xOff, incx, y, yOff, incy, z, zOff, incz);
        } else {
            Level1.dmul(n, x, xOff, incx, y, yOff, incy, z, zOff, incz);
        }
    }

    @Override
    public void fma(boolean f32, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff,
                    int incy, MemorySegment z, long zOff, int incz) {
        if (f32) {
            Level1.sfma(n, (float) alpha, x, xOff, incx, y, yOff, incy, z, zOff, incz);
        } else {
            Level1.dfma(n, alpha, x, xOff, incx, y, yOff, incy, z, zOff, incz);
        }
    }

    @Override
    public void gemv(boolean f32, boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                     MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        if (f32) {
            Level2.sgemv(trans, m, n, (float) alpha, a, aOff, lda, x, xOff, incx, (float) beta, y, yOff, incy);
        } else {
            Level2.dgemv(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    @Override
    public void ger(boolean f32, int m, int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y,
                    long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (f32) {
            Level2.sger(m, n, (float) alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        } else {
            Level2.dger(m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        }
    }

    @Override
    public void symv(boolean f32, boolean upper, int n, double alpha, MemorySegment a, long aOff, int lda,
                     MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        if (f32) {
            Level2.ssymv(upper, n, (float) alpha, a, aOff, lda, x, xOff, incx, (float) beta, y, yOff, incy);
        } else {
            Level2.dsymv(upper, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }
}
