package org.panopt.algorithms.geometry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;
import org.panopt.kernels.level3.GemmWorkspace;

/**
 * The reductions over a cost matrix that entropic transport needs, done by one thread with scratch
 * memory sized once (nothing is allocated per call):
 * <ul>
 *   <li>{@link #lseOverCols}: {@code out_i = LSE_j((v_j − C_ij)/ε + w_j)} for a range of rows i;</li>
 *   <li>{@link #lseOverRows}: {@code out_j = LSE_i((v_i − C_ij)/ε + w_i)} for a range of columns j;</li>
 *   <li>{@link #planPass}: the marginals of {@code P_ij = exp((f_i + g_j − C_ij)/ε)}, {@code ⟨P, C⟩}
 *       and, on request, P itself.</li>
 * </ul>
 * Vectors given to and returned by these methods are float64, contiguous ({@code stride 1}); the
 * cost is read (or computed, tile by tile) in the geometry's dtype. Ranges are half-open and in the
 * geometry's indices, so that several reducers can split one pass between threads; each reducer
 * writes only the outputs of its own range.
 */
public abstract sealed class CostReducer permits CostReducer.Dense, CostReducer.Points {
    /** Tile shape of the streamed cost and of the weight tiles: 256 × 256 float64 is 512 KiB (L2). */
    static final int TILE = 256;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    final DType t;
    final int m;
    /** LSE state in the geometry's dtype: {@code LSE = mx + log(sm)}. */
    private final MemorySegment mx;
    private final MemorySegment sm;
    /** The vectors v and w converted to the geometry's dtype (and shifted for streamed costs). */
    final MemorySegment vt;
    final MemorySegment wt;
    /**
     * Terms of a weights tile {@code W_st = exp(Q_t − S_st/ε − lse_s)}, in the geometry's dtype:
     * {@code lse_s} (minus the row term) and {@code Q_t} (the column term).
     */
    final MemorySegment rt;
    final MemorySegment qt;
    /** Weights tile (geometry dtype), TILE × TILE, column-major. */
    final MemorySegment wTile;
    /** Zeros in the geometry's dtype: the w of the kernels when the caller gives none. */
    final MemorySegment zeros;

    CostReducer(Workspace ws, DType t, int nCapacity, int m) {
        this.t = t;
        this.m = m;
        int len = Math.max(nCapacity, m);
        mx = ws.segment((long) len * t.byteSize());
        sm = ws.segment((long) len * t.byteSize());
        vt = ws.segment((long) len * t.byteSize());
        wt = ws.segment((long) len * t.byteSize());
        rt = ws.segment((long) len * t.byteSize());
        qt = ws.segment((long) len * t.byteSize());
        wTile = ws.segment((long) TILE * TILE * t.byteSize());
        zeros = ws.segment((long) len * t.byteSize());
    }

    /** Rows of C this reducer currently covers. */
    public abstract int n();

    /** Columns of C. */
    public int m() {
        return m;
    }

    /**
     * {@code out_i = LSE_j((v_j − C_ij)·invEps + w_j)} for {@code i ∈ [from, to)}.
     *
     * @param v float64, length m
     * @param w float64, length m, or null for 0
     * @param out float64, length n; only {@code [from, to)} is written
     */
    public abstract void lseOverCols(Vec v, Vec w, double invEps, Vec out, int from, int to);

    /**
     * {@code out_j = LSE_i((v_i − C_ij)·invEps + w_i)} for {@code j ∈ [from, to)}.
     *
     * @param v float64, length n
     * @param w float64, length n, or null for 0
     * @param out float64, length m; only {@code [from, to)} is written
     */
    public abstract void lseOverRows(Vec v, Vec w, double invEps, Vec out, int from, int to);

    /**
     * One pass over rows {@code [from, to)} of {@code P_ij = exp((f_i + g_j − C_ij)·invEps)}: sets
     * {@code rowSums[i] = Σ_j P_ij} for the range, adds {@code Σ_{i in range} P_ij} to
     * {@code colSums[j]} (the caller zeroes it), writes P into {@code plan} when it is not null, and
     * returns {@code Σ_{i in range, j} P_ij C_ij}.
     */
    public abstract double planPass(Vec f, Vec g, double invEps, Vec rowSums, Vec colSums, Matrix plan, int from,
                                    int to);

    /** Converts (and optionally shifts) a float64 vector into the kernel's dtype: {@code dst_k = src_k − shift_k}. */
    final MemorySegment prepare(Vec src, MemorySegment shift, MemorySegment dst, int len) {
        if (src == null) {
            return zeros;
        }
        MemorySegment s = src.segment();
        long o = src.offset();
        if (t == DType.F64 && shift == null) {
            return o == 0 ? s : s.asSlice(o * 8);
        }
        for (int k = 0; k < len; k++) {
            double x = s.getAtIndex(D, o + k) - (shift == null ? 0 : shift.getAtIndex(D, k));
            Kernels.set(t, dst, k, x);
        }
        return dst;
    }

    /** {@code out_k = mx_k + log(sm_k) − shift_k·invEps} for k in [from, to). */
    final void finish(Vec out, MemorySegment shift, double invEps, int from, int to) {
        Kernels.finish(t, to - from, mx, from, sm, from, mx, from);
        MemorySegment o = out.segment();
        long off = out.offset();
        for (int k = from; k < to; k++) {
            double lse = Kernels.get(t, mx, k);
            o.setAtIndex(D, off + k, lse - (shift == null ? 0 : shift.getAtIndex(D, k) * invEps));
        }
    }

    /** Fresh LSE states for outputs [from, to). */
    final void init(int from, int to) {
        Kernels.init(t, to - from, mx, from, sm, from);
    }

    /** Row-wise accumulation of a stored tile into the states from {@code sOff}. */
    final void across(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                      MemorySegment w, long wOff, double eps, long sOff) {
        Kernels.rowAccumulate(t, rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, mx, sOff, sm, sOff);
    }

    /** Column-wise accumulation of a stored tile into the states from {@code sOff}. */
    final void down(int rows, int cols, MemorySegment c, long cOff, int ldc, MemorySegment v, long vOff,
                    MemorySegment w, long wOff, double eps, long sOff) {
        Kernels.colAccumulate(t, rows, cols, c, cOff, ldc, v, vOff, w, wOff, eps, mx, sOff, sm, sOff);
    }

    /**
     * {@code dst_k = sign·((p_k − shift_k)·invEps + w_k)} for k in [from, to), in the geometry's dtype
     * (shift and w may be null).
     */
    final void terms(MemorySegment dst, Vec p, Vec w, MemorySegment shift, double invEps, int from, int to,
                     double sign) {
        MemorySegment ps = p.segment();
        long po = p.offset();
        for (int k = from; k < to; k++) {
            double z = (ps.getAtIndex(D, po + k) - (shift == null ? 0 : shift.getAtIndex(D, k))) * invEps;
            if (w != null) {
                z += w.segment().getAtIndex(D, w.offset() + k);
            }
            Kernels.set(t, dst, k, sign * z);
        }
    }

    /**
     * The weights {@code W_st = exp(Q_t − S_st·invEps − L_s)} of one stored {@code rs × ct} tile S
     * (L from {@code lTerms} at s0, Q from {@code qTerms} at t0), left in {@link #wTile}; adds W's row
     * sums to {@code a[s]} and column sums to {@code b[t]} (either may be null); writes W into
     * {@code plan} at (s, t), or at (t, s) if {@code swapped}; returns {@code Σ W∘S}.
     */
    final double weightTile(MemorySegment s, long sOff, int lds, int rs, int ct, MemorySegment lTerms, int s0,
                            MemorySegment qTerms, int t0, double invEps, Vec a, Vec b, Matrix plan, boolean swapped) {
        Kernels.weights(t, rs, ct, s, sOff, lds, zeros, 0, qTerms, t0, 1 / invEps, lTerms, s0, wTile, 0, TILE);
        double dot = 0;
        for (int jj = 0; jj < ct; jj++) {
            double col = 0;
            for (int ii = 0; ii < rs; ii++) {
                double wv = Kernels.get(t, wTile, ii + (long) jj * TILE);
                col += wv;
                dot += wv * Kernels.get(t, s, sOff + ii + (long) jj * lds);
                if (a != null) {
                    long ai = a.offset() + s0 + ii;
                    a.segment().setAtIndex(D, ai, a.segment().getAtIndex(D, ai) + wv);
                }
                if (plan != null) {
                    if (swapped) {
                        plan.set(t0 + jj, s0 + ii, wv);
                    } else {
                        plan.set(s0 + ii, t0 + jj, wv);
                    }
                }
            }
            if (b != null) {
                long bi = b.offset() + t0 + jj;
                b.segment().setAtIndex(D, bi, b.segment().getAtIndex(D, bi) + col);
            }
        }
        return dot;
    }

    static void zero(Vec v, int from, int to) {
        for (int k = from; k < to; k++) {
            v.segment().setAtIndex(D, v.offset() + k, 0);
        }
    }

    /** A materialised cost, read in place; a transposed view is handled by swapping the reductions. */
    static final class Dense extends CostReducer {
        private final MemorySegment s;
        private final long off;
        private final int ld;
        private final int n;
        private final boolean swapped;

        Dense(Workspace ws, Matrix c) {
            super(ws, c.dtype(), c.rows(), c.cols());
            this.s = c.segment();
            this.off = c.offset();
            this.ld = c.ld();
            this.n = c.rows();
            this.swapped = c.isTransposed();
        }

        @Override
        public int n() {
            return n;
        }

        @Override
        public void lseOverCols(Vec v, Vec w, double invEps, Vec out, int from, int to) {
            MemorySegment vv = prepare(v, null, vt, m);
            MemorySegment ww = prepare(w, null, wt, m);
            init(from, to);
            if (to > from) {
                if (swapped) {
                    down(m, to - from, s, off + (long) from * ld, ld, vv, 0, ww, 0, 1 / invEps, from);
                } else {
                    across(to - from, m, s, off + from, ld, vv, 0, ww, 0, 1 / invEps, from);
                }
            }
            finish(out, null, invEps, from, to);
        }

        @Override
        public void lseOverRows(Vec v, Vec w, double invEps, Vec out, int from, int to) {
            MemorySegment vv = prepare(v, null, vt, n);
            MemorySegment ww = prepare(w, null, wt, n);
            init(from, to);
            if (to > from) {
                if (swapped) {
                    across(to - from, n, s, off + from, ld, vv, 0, ww, 0, 1 / invEps, from);
                } else {
                    down(n, to - from, s, off + (long) from * ld, ld, vv, 0, ww, 0, 1 / invEps, from);
                }
            }
            finish(out, null, invEps, from, to);
        }

        @Override
        public double planPass(Vec f, Vec g, double invEps, Vec rowSums, Vec colSums, Matrix plan, int from, int to) {
            zero(rowSums, from, to);
            double dot = 0;
            if (!swapped) {
                terms(rt, f, null, null, invEps, from, to, -1);
                terms(qt, g, null, null, invEps, 0, m, 1);
                for (int i0 = from; i0 < to; i0 += TILE) {
                    int bi = Math.min(TILE, to - i0);
                    for (int j0 = 0; j0 < m; j0 += TILE) {
                        int bj = Math.min(TILE, m - j0);
                        dot += weightTile(s, off + i0 + (long) j0 * ld, ld, bi, bj, rt, i0, qt, j0, invEps, rowSums,
                                colSums, plan, false);
                    }
                }
            } else {
                // storage is Cᵀ (m × n): stored rows are j (terms −g/ε), stored columns are i (f/ε)
                terms(rt, g, null, null, invEps, 0, m, -1);
                terms(qt, f, null, null, invEps, from, to, 1);
                for (int i0 = from; i0 < to; i0 += TILE) {
                    int bi = Math.min(TILE, to - i0);
                    for (int j0 = 0; j0 < m; j0 += TILE) {
                        int bj = Math.min(TILE, m - j0);
                        dot += weightTile(s, off + j0 + (long) i0 * ld, ld, bj, bi, rt, j0, qt, i0, invEps, colSums,
                                rowSums, plan, true);
                    }
                }
            }
            return dot;
        }
    }

    /**
     * Points with a translation-invariant cost: C is computed tile by tile (a GEMM for the
     * squared-Euclidean cost) inside each reduction, so memory is {@code O((n + m)·d)}.
     */
    public static final class Points extends CostReducer {
        /** Read-only data shared by the reducers of one solver: centred copies of the points and their norms. */
        static final class Shared {
            final DType t;
            final int d;
            final int cap;
            final int m;
            int n;
            /** Sources ({@code cap × d}) and targets ({@code m × d}), column-major, centred by {@link #mean}. */
            final MemorySegment x;
            final MemorySegment y;
            /** Squared norms of the centred points (squared-Euclidean cost only, else null). */
            final MemorySegment xs;
            final MemorySegment ys;
            final double[] mean;
            final TranslationInvariantCost h;
            final boolean sq;

            Shared(Workspace ws, PointCloud pc, int capacity, boolean meanOfBoth) {
                this.t = pc.dtype();
                this.d = pc.dim();
                this.cap = capacity;
                this.m = pc.m();
                this.h = pc.cost();
                this.sq = pc.isSquaredEuclidean();
                this.mean = new double[d];
                if (sq) {
                    // c(x, y) = h(x − y) is unchanged by a common shift; centring keeps the norms small
                    addColumnSums(pc.y(), mean);
                    int count = pc.m();
                    if (meanOfBoth) {
                        addColumnSums(pc.x(), mean);
                        count += pc.n();
                    }
                    for (int k = 0; k < d; k++) {
                        mean[k] /= count;
                    }
                }
                x = ws.segment((long) cap * d * t.byteSize());
                y = ws.segment((long) m * d * t.byteSize());
                xs = sq ? ws.segment((long) cap * 8) : null;
                ys = sq ? ws.segment((long) m * 8) : null;
                copyCentred(pc.y(), y, m, ys);
            }

            private static void addColumnSums(Matrix p, double[] acc) {
                for (int i = 0; i < p.rows(); i++) {
                    for (int k = 0; k < acc.length; k++) {
                        acc[k] += p.get(i, k);
                    }
                }
            }

            private void copyCentred(Matrix p, MemorySegment dst, int ld, MemorySegment norms) {
                for (int i = 0; i < p.rows(); i++) {
                    double nrm = 0;
                    for (int k = 0; k < d; k++) {
                        double v = p.get(i, k) - mean[k];
                        Kernels.set(t, dst, i + (long) k * ld, v);
                        double stored = Kernels.get(t, dst, i + (long) k * ld);
                        nrm += stored * stored;
                    }
                    if (norms != null) {
                        norms.setAtIndex(D, i, nrm);
                    }
                }
            }

            void loadSources(Matrix p) {
                if (p.cols() != d || p.rows() > cap || p.rows() == 0 || p.dtype() != t) {
                    throw new IllegalArgumentException("points to load are " + p.rows() + "x" + p.cols() + " " + p.dtype()
                            + ", expected 1.." + cap + " rows of dimension " + d + " in " + t);
                }
                copyCentred(p, x, cap, xs);
                n = p.rows();
            }
        }

        private final Shared sh;
        private final MemorySegment tile;
        private final MemorySegment acc;
        private final double[] z;
        private final GemmWorkspace gemm;

        Points(Workspace ws, Shared sh) {
            super(ws, sh.t, sh.cap, sh.m);
            this.sh = sh;
            this.gemm = sh.sq ? Kernels.gemmWorkspace(t, TILE, Math.max(TILE, sh.d), Math.max(TILE, sh.d)) : null;
            this.tile = ws.segment((long) TILE * TILE * t.byteSize());
            this.acc = ws.segment((long) TILE * sh.d * t.byteSize());
            this.z = new double[sh.d];
        }

        @Override
        public int n() {
            return sh.n;
        }

        /**
         * Replaces the rows of this reducer by the query points {@code q} (one per row, at most the
         * capacity given when it was made), centred like the targets. Not thread-safe: for a reducer
         * made by {@link PointCloud#queryReducer}.
         */
        public void loadQueries(Matrix q) {
            sh.loadSources(q);
        }

        /** Writes {@code T_ij = C_ij − xs_i − ys_j} (squared-Euclidean: {@code −2 x_i·y_j}) into {@link #tile}. */
        private void fillTile(int i0, int bi, int j0, int bj) {
            if (sh.sq) {
                Kernels.gemmNT(t, bi, bj, sh.d, -2.0, sh.x, i0, sh.cap, sh.y, j0, sh.m, 0.0, tile, 0, TILE, gemm);
                return;
            }
            for (int jj = 0; jj < bj; jj++) {
                for (int ii = 0; ii < bi; ii++) {
                    for (int k = 0; k < z.length; k++) {
                        z[k] = Kernels.get(t, sh.x, i0 + ii + (long) k * sh.cap)
                                - Kernels.get(t, sh.y, j0 + jj + (long) k * sh.m);
                    }
                    Kernels.set(t, tile, ii + (long) jj * TILE, sh.h.value(z));
                }
            }
        }

        @Override
        public void lseOverCols(Vec v, Vec w, double invEps, Vec out, int from, int to) {
            stream(true, v, w, invEps, out, from, to);
        }

        @Override
        public void lseOverRows(Vec v, Vec w, double invEps, Vec out, int from, int to) {
            stream(false, v, w, invEps, out, from, to);
        }

        /**
         * One streamed LSE: outputs {@code [from, to)} are rows ({@code overCols}) or columns; the
         * reduction runs over all tiles of the other index, each tile computed once into {@link #tile}.
         */
        private void stream(boolean overCols, Vec v, Vec w, double invEps, Vec out, int from, int to) {
            int other = overCols ? m : sh.n;
            MemorySegment vv = prepare(v, overCols ? sh.ys : sh.xs, vt, other);
            MemorySegment ww = prepare(w, null, wt, other);
            init(from, to);
            for (int o0 = from; o0 < to; o0 += TILE) {
                int bo = Math.min(TILE, to - o0);
                for (int r0 = 0; r0 < other; r0 += TILE) {
                    int br = Math.min(TILE, other - r0);
                    if (overCols) {
                        fillTile(o0, bo, r0, br);
                        across(bo, br, tile, 0, TILE, vv, r0, ww, r0, 1 / invEps, o0);
                    } else {
                        fillTile(r0, br, o0, bo);
                        down(br, bo, tile, 0, TILE, vv, r0, ww, r0, 1 / invEps, o0);
                    }
                }
            }
            finish(out, overCols ? sh.xs : sh.ys, invEps, from, to);
        }

        @Override
        public double planPass(Vec f, Vec g, double invEps, Vec rowSums, Vec colSums, Matrix plan, int from, int to) {
            zero(rowSums, from, to);
            terms(rt, f, null, sh.xs, invEps, from, to, -1);
            terms(qt, g, null, sh.ys, invEps, 0, m, 1);
            double dot = 0;
            for (int i0 = from; i0 < to; i0 += TILE) {
                int bi = Math.min(TILE, to - i0);
                for (int j0 = 0; j0 < m; j0 += TILE) {
                    int bj = Math.min(TILE, m - j0);
                    fillTile(i0, bi, j0, bj);
                    dot += weightTile(tile, 0, TILE, bi, bj, rt, i0, qt, j0, invEps, rowSums, colSums, plan, false);
                }
            }
            if (sh.sq) {
                // ⟨P, C⟩ = ⟨P, T⟩ + Σ_i xs_i (P1)_i + Σ_j ys_j (Pᵀ1)_j, colSums holding this pass only
                for (int i = from; i < to; i++) {
                    dot += sh.xs.getAtIndex(D, i) * rowSums.segment().getAtIndex(D, rowSums.offset() + i);
                }
                for (int j = 0; j < m; j++) {
                    dot += sh.ys.getAtIndex(D, j) * colSums.segment().getAtIndex(D, colSums.offset() + j);
                }
            }
            return dot;
        }

        /**
         * The softmax-weighted average of the targets for each loaded row:
         * {@code out_k = Σ_j p_kj y_j} with {@code p_kj = exp((f_k + g_j − C_kj)·invEps + w_j)}, where
         * {@code f_k} must normalise the weights (the entropic potential {@code −ε·LSE}).
         *
         * @param out {@code n × d} float64 matrix (any layout)
         */
        public void weightedTargets(Vec f, Vec g, Vec w, double invEps, Matrix out) {
            int n = sh.n;
            int d = sh.d;
            terms(rt, f, null, sh.xs, invEps, 0, n, -1);
            terms(qt, g, w, sh.ys, invEps, 0, m, 1);
            for (int i0 = 0; i0 < n; i0 += TILE) {
                int bi = Math.min(TILE, n - i0);
                for (int j0 = 0; j0 < m; j0 += TILE) {
                    int bj = Math.min(TILE, m - j0);
                    fillTile(i0, bi, j0, bj);
                    Kernels.weights(t, bi, bj, tile, 0, TILE, zeros, 0, qt, j0, 1 / invEps, rt, i0, wTile, 0, TILE);
                    Kernels.gemmNN(t, bi, d, bj, 1.0, wTile, 0, TILE, sh.y, j0, sh.m, j0 == 0 ? 0.0 : 1.0, acc, 0,
                            TILE, gemm);
                }
                for (int k = 0; k < d; k++) {
                    for (int ii = 0; ii < bi; ii++) {
                        out.set(i0 + ii, k, Kernels.get(t, acc, ii + (long) k * TILE) + sh.mean[k]);
                    }
                }
            }
        }
    }
}
