package org.panopt.algorithms.retraction;

import java.lang.foreign.MemorySegment;
import org.panopt.algorithms.landing.Args;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.openblas.Lapack;

/**
 * The QR retraction {@code Y ← qf(Y)} by LAPACK ({@code geqrf} + {@code orgqr}, Householder), with
 * the signs fixed so that R has a positive diagonal (the Q factor is then unique and smooth in Y:
 * Absil, Mahony &amp; Sepulchre 2008, eq. 4.8). Host matrices; workspaces preallocated
 * ({@link Lapack.Scratch}), so a warmed-up retraction allocates nothing.
 */
public final class LapackQr implements Retraction<Matrix> {
    private final int n;
    private final int p;
    private final boolean f64;
    private final MemorySegment tau;
    private final double[] sign;
    private final Lapack.Scratch scratch;

    /** Sized for {@code n × p} matrices ({@code n ≥ p}) of {@code dtype}. */
    public LapackQr(Workspace ws, DType dtype, int n, int p) {
        if (p < 1 || n < p) {
            throw new IllegalArgumentException("QR retraction needs n >= p >= 1, got " + n + "x" + p);
        }
        this.n = n;
        this.p = p;
        this.f64 = dtype == DType.F64;
        this.tau = ws.segment((long) p * dtype.byteSize());
        this.sign = new double[p];
        int lwork = Math.max(Lapack.geqrfWorkSize(f64, n, p), Lapack.orgqrWorkSize(f64, n, p, p));
        this.scratch = new Lapack.Scratch(ws.arena(), f64, lwork, 0);
    }

    @Override
    public void retract(Matrix y) {
        Args.shape("y", y, n, p, null);
        if (y.isTransposed() || y.dtype() != (f64 ? DType.F64 : DType.F32)) {
            throw new IllegalArgumentException("QR retraction needs a non-transposed " + (f64 ? "F64" : "F32")
                    + " view, got " + y);
        }
        MemorySegment a = y.segment();
        long off = y.offset();
        int ld = y.ld();
        if (f64) {
            Lapack.dgeqrf(n, p, a, off, ld, tau, 0, scratch);
        } else {
            Lapack.sgeqrf(n, p, a, off, ld, tau, 0, scratch);
        }
        for (int j = 0; j < p; j++) {
            sign[j] = y.get(j, j) < 0 ? -1 : 1;
        }
        if (f64) {
            Lapack.dorgqr(n, p, p, a, off, ld, tau, 0, scratch);
        } else {
            Lapack.sorgqr(n, p, p, a, off, ld, tau, 0, scratch);
        }
        ColumnSigns.apply(y, sign);
    }

    @Override
    public String name() {
        return "qr-lapack";
    }
}
