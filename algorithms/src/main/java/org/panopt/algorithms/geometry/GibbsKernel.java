package org.panopt.algorithms.geometry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The materialised Gibbs kernel {@code K = exp(−C/ε)} of a geometry, for the kernel-domain
 * Sinkhorn iteration (two matrix–vector products per iteration, SPEC §2a). It holds n·m entries: a
 * fast option for moderate sizes and large ε, where K does not underflow.
 */
public final class GibbsKernel {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private final DType t;
    private final int n;
    private final int m;
    private final Matrix k;
    private final MemorySegment in;
    private final MemorySegment out;
    private final int zeros;

    /** Computes K for {@code invEps = 1/ε}, its memory taken from {@code ws}. */
    public GibbsKernel(Workspace ws, Geometry geometry, double invEps) {
        this.t = geometry.dtype();
        this.n = geometry.n();
        this.m = geometry.m();
        this.k = ws.matrix(t, n, m);
        CostReducer r = geometry.reducers(ws, 1)[0];
        Vec f = ws.vector(DType.F64, n);
        Vec g = ws.vector(DType.F64, m);
        Vec rows = ws.vector(DType.F64, n);
        Vec cols = ws.vector(DType.F64, m);
        r.planPass(f, g, invEps, rows, cols, k, 0, n);
        int z = 0;
        for (int i = 0; i < n; i++) {
            if (rows.get(i) == 0) {
                z++;
            }
        }
        this.zeros = z;
        this.in = ws.segment((long) Math.max(n, m) * t.byteSize());
        this.out = ws.segment((long) Math.max(n, m) * t.byteSize());
    }

    /** Rows of K that underflowed to all zeros (then the kernel iteration cannot work). */
    public int zeroRows() {
        return zeros;
    }

    /** {@code dst ← K·v} (v of length m, dst of length n, float64). */
    public void apply(Vec v, Vec dst) {
        load(v, m);
        Kernels.gemv(t, false, n, m, k.segment(), 0, n, in, out);
        store(dst, n);
    }

    /** {@code dst ← Kᵀ·u} (u of length n, dst of length m, float64). */
    public void applyTransposed(Vec u, Vec dst) {
        load(u, n);
        Kernels.gemv(t, true, n, m, k.segment(), 0, n, in, out);
        store(dst, m);
    }

    private void load(Vec v, int len) {
        for (int i = 0; i < len; i++) {
            Kernels.set(t, in, i, v.segment().getAtIndex(D, v.offset() + i));
        }
    }

    private void store(Vec v, int len) {
        for (int i = 0; i < len; i++) {
            v.segment().setAtIndex(D, v.offset() + i, Kernels.get(t, out, i));
        }
    }
}
