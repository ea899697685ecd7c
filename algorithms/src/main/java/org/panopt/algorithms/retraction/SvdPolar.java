package org.panopt.algorithms.retraction;

import java.lang.foreign.MemorySegment;
import org.panopt.algorithms.landing.Args;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.ffi.openblas.Lapack;
import org.panopt.ffi.openblas.SvdJob;

/**
 * The polar retraction {@code Y ← UVᵀ} for {@code Y = UΣVᵀ} (the closest point of the manifold;
 * Absil, Mahony &amp; Sepulchre 2008, Example 4.1.3) by LAPACK's divide-and-conquer SVD
 * ({@code gesdd}, preallocated workspace) and one GEMM on the given backend. Host matrices; a
 * warmed-up retraction allocates nothing.
 */
public final class SvdPolar implements Retraction<Matrix> {
    private final Backend<Matrix> be;
    private final int n;
    private final int p;
    private final boolean f64;
    private final MemorySegment sv;
    private final Matrix u;
    private final Matrix vt;
    private final Lapack.Scratch scratch;

    /** Sized for {@code n × p} matrices ({@code n ≥ p}) of {@code dtype}; the final product runs on {@code backend}. */
    public SvdPolar(Backend<Matrix> backend, Workspace ws, DType dtype, int n, int p) {
        if (p < 1 || n < p) {
            throw new IllegalArgumentException("polar retraction needs n >= p >= 1, got " + n + "x" + p);
        }
        this.be = backend;
        this.n = n;
        this.p = p;
        this.f64 = dtype == DType.F64;
        this.sv = ws.segment((long) p * dtype.byteSize());
        this.u = ws.matrix(dtype, n, p);
        this.vt = ws.matrix(dtype, p, p);
        this.scratch = new Lapack.Scratch(ws.arena(), f64, Lapack.gesddWorkSize(f64, SvdJob.SOME, n, p), 8 * p);
    }

    @Override
    public void retract(Matrix y) {
        Args.shape("y", y, n, p, u);
        if (y.isTransposed()) {
            throw new IllegalArgumentException("polar retraction needs a non-transposed view, got " + y);
        }
        if (f64) {
            Lapack.dgesdd(SvdJob.SOME, n, p, y.segment(), y.offset(), y.ld(), sv, 0, u.segment(), 0, n, vt.segment(),
                    0, p, scratch);
        } else {
            Lapack.sgesdd(SvdJob.SOME, n, p, y.segment(), y.offset(), y.ld(), sv, 0, u.segment(), 0, n, vt.segment(),
                    0, p, scratch);
        }
        be.gemm(1, u, vt, 0, y);
    }

    @Override
    public String name() {
        return "polar-svd";
    }
}
