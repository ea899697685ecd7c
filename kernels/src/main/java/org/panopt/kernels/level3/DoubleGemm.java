package org.panopt.kernels.level3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code double} GEMM engine behind {@link Gemm} and {@link Syrk}: the five BLIS loops around a
 * register-blocked micro-kernel, plus an unpacked-B path for small shapes. Arguments arrive
 * validated. {@code FloatGemm} is this file with {@code float} types: keep the two in step.
 *
 * <p>Every micro-kernel keeps its accumulators in local vector variables inside one method and
 * spills the finished tile to a small array; the separate {@link #update} applies α, β and the
 * edge/triangle limits. No vector value crosses a call boundary, so nothing is boxed even where C2
 * declines to inline a large method. (Writing full tiles to C inside the kernel made it too large
 * for C1 — "out of virtual registers" — and the method then ran uncompiled for seconds.) The kernels
 * are generated code: 4×6 and 2×6 tiles; packed, strided-B and in-place-A-and-B variants.
 */
final class DoubleGemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final int ES = Double.BYTES;
    private static final ValueLayout.OfDouble E = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    /** Bytes per vector. */
    private static final long VB = (long) L * ES;

    private DoubleGemm() {
    }

    /**
     * {@code C ← α·op(A)·op(B) + β·C} on the part of C named by {@code part} ({@link Part#FULL},
     * or one triangle for SYRK, where {@code m == n}). Requires {@code m, n, k > 0}, {@code α ≠ 0},
     * validated arguments and a workspace that fits.
     */
    static void multiply(GemmWorkspace ws, Part part, boolean ta, boolean tb, int m, int n, int k, double alpha,
                         MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb, double beta,
                         MemorySegment c, long cOff, int ldc) {
        BlockSizes bs = ws.blocks;
        if (Gemm.unpacked(m, n, k, bs)) {
            // Small shapes: B read in place (packing B loses here); A too where it is not transposed
            // and a row tile is whole, else A is packed once (its edge sliver only, if not transposed).
            boolean aInPlace = !ta;
            boolean wide = bs.mr() == 4 * L;
            int mWhole = aInPlace ? m - m % bs.mr() : 0;
            // A thin edge (≤ 2 vectors) of a wide tile goes to the 2-vector kernel: no wasted half tile.
            boolean narrowEdge = wide && aInPlace && mWhole < m && m - mWhole <= 2 * L;
            if (aInPlace) {
                if (mWhole < m) {
                    packColumns(a, (aOff + mWhole) * ES, (long) lda * ES, m - mWhole, k, narrowEdge ? 2 * L : bs.mr(),
                            ws.dA, mWhole * k);
                }
            } else {
                packA(true, a, aOff, lda, 0, 0, m, k, bs.mr(), ws.dA);
            }
            long rs = (tb ? (long) ldb : 1L) * ES;
            long cs = (tb ? 1L : (long) ldb) * ES;
            for (int jr = 0; jr < n; jr += bs.nr()) {
                int nv = Math.min(bs.nr(), n - jr);
                for (int ir = 0; ir < m; ir += bs.mr()) {
                    int mv = Math.min(bs.mr(), m - ir);
                    if (part.skips(ir, jr, mv, nv)) {
                        continue;
                    }
                    long b0 = bOff * ES + jr * cs;
                    if (ir < mWhole) {
                        long aq = (aOff + ir) * ES;
                        if (wide) {
                            kernel4x6Direct(k, a, aq, (long) lda * ES, b, b0, rs, cs, nv, ws.dTile);
                        } else {
                            kernel2x6Direct(k, a, aq, (long) lda * ES, b, b0, rs, cs, nv, ws.dTile);
                        }
                    } else if (wide && !narrowEdge) {
                        kernel4x6Strided(k, ws.dA, ir * k, b, b0, rs, cs, nv, ws.dTile);
                    } else {
                        kernel2x6Strided(k, ws.dA, ir * k, b, b0, rs, cs, nv, ws.dTile);
                    }
                    int tileRows = ir >= mWhole && narrowEdge ? 2 * L : bs.mr();
                    update(ws.dTile, tileRows, part, ir - jr, mv, nv, alpha, beta, c, cOff + ir + (long) jr * ldc, ldc);
                }
            }
            return;
        }
        // Depth blocks of equal size (≤ kc): a thin last block (k = 1024 with kc = 336 would end in
        // 16) costs a full round of C updates for little work.
        int kcEven = Gemm.evenBlock(k, bs.kc());
        for (int jc = 0; jc < n; jc += bs.nc()) {
            int nc = Math.min(bs.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kcEven) {
                int kc = Math.min(kcEven, k - pc);
                double betaBlock = pc == 0 ? beta : 1.0;
                packB(tb, b, bOff, ldb, pc, jc, kc, nc, bs.nr(), ws.dB);
                for (int ic = 0; ic < m; ic += bs.mc()) {
                    int mc = Math.min(bs.mc(), m - ic);
                    if (part.skips(ic, jc, mc, nc)) {
                        continue;
                    }
                    packA(ta, a, aOff, lda, ic, pc, mc, kc, bs.mr(), ws.dA);
                    macroKernel(ws, part, ic, jc, mc, nc, kc, alpha, betaBlock, c, cOff, ldc);
                }
            }
        }
    }

    /** The two loops around the micro-kernel over one packed A block and one packed B panel. */
    private static void macroKernel(GemmWorkspace ws, Part part, int ic, int jc, int mc, int nc, int kc,
                                    double alpha, double beta, MemorySegment c, long cOff, int ldc) {
        int mr = ws.blocks.mr(), nr = ws.blocks.nr();
        double[] ap = ws.dA, bp = ws.dB, tile = ws.dTile;
        for (int jr = 0; jr < nc; jr += nr) {
            int nv = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int mv = Math.min(mr, mc - ir);
                int i0 = ic + ir, j0 = jc + jr;
                if (part.skips(i0, j0, mv, nv)) {
                    continue;
                }
                if (mr == 4 * L) {
                    kernel4x6(kc, ap, ir * kc, bp, jr * kc, tile);
                } else {
                    kernel2x6(kc, ap, ir * kc, bp, jr * kc, tile);
                }
                update(tile, mr, part, i0 - j0, mv, nv, alpha, beta, c, cOff + i0 + (long) j0 * ldc, ldc);
            }
        }
    }

    /**
     * C tile ← α·tile + β·C tile over its first {@code mv} rows and {@code nv} columns, restricted to
     * the triangle {@code part} (the tile's top-left element sits {@code d = i0 − j0} below the
     * diagonal). β = 0 does not read C, as BLAS specifies.
     */
    static void update(double[] tile, int mr, Part part, int d, int mv, int nv, double alpha, double beta,
                       MemorySegment c, long cOff, int ldc) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        DoubleVector vb = DoubleVector.broadcast(S, beta);
        boolean readC = beta != 0;
        if (part == Part.FULL && mv == mr && mr == 4 * L) {
            // The common case, a whole 4-vector tile column, without loop control or limits.
            long col = cOff * ES;
            for (int j = 0, t = 0; j < nv; j++, t += mr, col += (long) ldc * ES) {
                DoubleVector v0 = DoubleVector.fromArray(S, tile, t).mul(va);
                DoubleVector v1 = DoubleVector.fromArray(S, tile, t + L).mul(va);
                DoubleVector v2 = DoubleVector.fromArray(S, tile, t + 2 * L).mul(va);
                DoubleVector v3 = DoubleVector.fromArray(S, tile, t + 3 * L).mul(va);
                if (readC) {
                    v0 = DoubleVector.fromMemorySegment(S, c, col, NO).fma(vb, v0);
                    v1 = DoubleVector.fromMemorySegment(S, c, col + (long) L * ES, NO).fma(vb, v1);
                    v2 = DoubleVector.fromMemorySegment(S, c, col + 2L * L * ES, NO).fma(vb, v2);
                    v3 = DoubleVector.fromMemorySegment(S, c, col + 3L * L * ES, NO).fma(vb, v3);
                }
                v0.intoMemorySegment(c, col, NO);
                v1.intoMemorySegment(c, col + (long) L * ES, NO);
                v2.intoMemorySegment(c, col + 2L * L * ES, NO);
                v3.intoMemorySegment(c, col + 3L * L * ES, NO);
            }
            return;
        }
        for (int j = 0; j < nv; j++) {
            int lo = part == Part.LOWER ? Math.clamp(j - d, 0, mv) : 0;
            int hi = part == Part.UPPER ? Math.clamp(j - d + 1, 0, mv) : mv;
            long col = (cOff + (long) j * ldc) * ES;
            int t = j * mr;
            int i = lo;
            for (; i <= hi - L; i += L) {
                DoubleVector v = DoubleVector.fromArray(S, tile, t + i).mul(va);
                if (readC) {
                    v = DoubleVector.fromMemorySegment(S, c, col + (long) i * ES, NO).fma(vb, v);
                }
                v.intoMemorySegment(c, col + (long) i * ES, NO);
            }
            // The tail (< L rows) in scalar code: a masked vector access whose full width would pass
            // the segment's end leaves the intrinsic for a slow, allocating path.
            for (; i < hi; i++) {
                long at = col + (long) i * ES;
                double v = alpha * tile[t + i];
                if (readC) {
                    v = Math.fma(beta, c.get(E, at), v);
                }
                c.set(E, at, v);
            }
        }
    }

    /**
     * Packs rows {@code [i0, i0 + mc)} and columns {@code [p0, p0 + kc)} of op(A) into slivers of
     * {@code mr} rows: sliver s holds, for each p, the {@code mr} values of column p, zero-padded.
     */
    static void packA(boolean ta, MemorySegment a, long aOff, int lda, int i0, int p0, int mc, int kc, int mr,
                      double[] dst) {
        if (!ta) {
            packColumns(a, (aOff + i0 + (long) p0 * lda) * ES, (long) lda * ES, mc, kc, mr, dst, 0);
            return;
        }
        for (int ir = 0; ir < mc; ir += mr) {
            // op(A)(i, p) = A(p, i): each packed column gathers a row of A.
            long base = (aOff + p0 + (long) (i0 + ir) * lda) * ES;
            packStrided(a, base, ES, (long) lda * ES, kc, Math.min(mr, mc - ir), mr, dst, ir * kc);
        }
    }

    /**
     * Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} of op(B) into slivers of
     * {@code nr} columns: sliver s holds, for each p, the {@code nr} values of row p, zero-padded.
     */
    static void packB(boolean tb, MemorySegment b, long bOff, int ldb, int p0, int j0, int kc, int nc, int nr,
                      double[] dst) {
        for (int jr = 0; jr < nc; jr += nr) {
            int nv = Math.min(nr, nc - jr);
            if (tb) {
                // op(B)(p, j) = B(j, p): each packed row is a contiguous piece of a column of B.
                long base = (bOff + j0 + jr + (long) p0 * ldb) * ES;
                packStrided(b, base, (long) ldb * ES, ES, kc, nv, nr, dst, jr * kc);
            } else {
                long base = (bOff + p0 + (long) (j0 + jr) * ldb) * ES;
                packStrided(b, base, ES, (long) ldb * ES, kc, nv, nr, dst, jr * kc);
            }
        }
    }

    /**
     * {@code dst[d + p·width + x] = src(base + p·ps + x·xs)} for {@code p < count, x < valid}, then
     * zeros for {@code valid ≤ x < width} (a separate loop: a ternary in one loop deoptimised here).
     */
    private static void packStrided(MemorySegment src, long base, long ps, long xs, int count, int valid, int width,
                                    double[] dst, int d) {
        if (ps < xs) {
            // The source runs along p: one long sweep per line rather than hopping between the
            // lines at every p (DGEMM n = 256 went from 48.9 to 51.9 GFLOP/s).
            for (int x = 0; x < valid; x++) {
                long s = base + x * xs;
                for (int p = 0, o = d + x; p < count; p++, s += ps, o += width) {
                    dst[o] = src.get(E, s);
                }
            }
        } else {
            long row = base;
            for (int p = 0, o = d; p < count; p++, row += ps, o += width) {
                long s = row;
                for (int x = 0; x < valid; x++, s += xs) {
                    dst[o + x] = src.get(E, s);
                }
            }
        }
        if (valid < width) {
            zeroPad(dst, d, count, valid, width);
        }
    }

    /**
     * Packs {@code mc} rows of {@code kc} contiguous columns (column stride {@code colStride} bytes)
     * into slivers of {@code mr} rows, sweeping each column of the source from top to bottom (one
     * sequential read per column), with vectors and a scalar remainder (see {@link #update}); the
     * last sliver is zero-padded. Slivers start at {@code dst[d]}.
     */
    private static void packColumns(MemorySegment src, long base, long colStride, int mc, int kc, int mr,
                                    double[] dst, int d) {
        int fullSlivers = mc / mr;
        int rest = mc - fullSlivers * mr;
        int restVec = rest - rest % L;
        for (int p = 0; p < kc; p++, base += colStride) {
            long s = base;
            int o = d + p * mr;
            for (int sl = 0; sl < fullSlivers; sl++, o += kc * mr) {
                for (int x = 0; x < mr; x += L, s += (long) L * ES) {
                    DoubleVector.fromMemorySegment(S, src, s, NO).intoArray(dst, o + x);
                }
            }
            if (rest > 0) {
                int x = 0;
                for (; x < restVec; x += L, s += (long) L * ES) {
                    DoubleVector.fromMemorySegment(S, src, s, NO).intoArray(dst, o + x);
                }
                for (; x < rest; x++, s += ES) {
                    dst[o + x] = src.get(E, s);
                }
            }
        }
        if (rest > 0) {
            zeroPad(dst, d + fullSlivers * mr * kc, kc, rest, mr);
        }
    }

    private static void zeroPad(double[] dst, int d, int count, int valid, int width) {
        for (int p = 0; p < count; p++, d += width) {
            for (int x = valid; x < width; x++) {
                dst[d + x] = 0;
            }
        }
    }

    /**
     * The 4x6 micro-kernel: 4 vectors of packed A times 6 broadcasts of packed B per step, 24
     * accumulators, spilled to {@code tile} (column-major, 4·L rows) for {@link #update}.
     */
    private static void kernel4x6(int kc, double[] ap, int ai, double[] bp, int bi,
            double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c30 = c00, c01 = c00, c11 = c00, c21 = c00, c31 = c00, c02 = c00;
        DoubleVector c12 = c00, c22 = c00, c32 = c00, c03 = c00, c13 = c00, c23 = c00, c33 = c00, c04 = c00;
        DoubleVector c14 = c00, c24 = c00, c34 = c00, c05 = c00, c15 = c00, c25 = c00, c35 = c00;
        for (int p = 0; p < kc; p++, ai += 4 * L, bi += 6) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector a2 = DoubleVector.fromArray(S, ap, ai + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, ap, ai + 3 * L);
            DoubleVector b;
            b = DoubleVector.broadcast(S, bp[bi]);
            c00 = a0.fma(b, c00); c10 = a1.fma(b, c10); c20 = a2.fma(b, c20); c30 = a3.fma(b, c30);
            b = DoubleVector.broadcast(S, bp[bi + 1]);
            c01 = a0.fma(b, c01); c11 = a1.fma(b, c11); c21 = a2.fma(b, c21); c31 = a3.fma(b, c31);
            b = DoubleVector.broadcast(S, bp[bi + 2]);
            c02 = a0.fma(b, c02); c12 = a1.fma(b, c12); c22 = a2.fma(b, c22); c32 = a3.fma(b, c32);
            b = DoubleVector.broadcast(S, bp[bi + 3]);
            c03 = a0.fma(b, c03); c13 = a1.fma(b, c13); c23 = a2.fma(b, c23); c33 = a3.fma(b, c33);
            b = DoubleVector.broadcast(S, bp[bi + 4]);
            c04 = a0.fma(b, c04); c14 = a1.fma(b, c14); c24 = a2.fma(b, c24); c34 = a3.fma(b, c34);
            b = DoubleVector.broadcast(S, bp[bi + 5]);
            c05 = a0.fma(b, c05); c15 = a1.fma(b, c15); c25 = a2.fma(b, c25); c35 = a3.fma(b, c35);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L); c20.intoArray(tile, 2 * L); c30.intoArray(tile, 3 * L);
        c01.intoArray(tile, 4 * L); c11.intoArray(tile, 5 * L); c21.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c02.intoArray(tile, 8 * L); c12.intoArray(tile, 9 * L); c22.intoArray(tile, 10 * L); c32.intoArray(tile, 11 * L);
        c03.intoArray(tile, 12 * L); c13.intoArray(tile, 13 * L); c23.intoArray(tile, 14 * L); c33.intoArray(tile, 15 * L);
        c04.intoArray(tile, 16 * L); c14.intoArray(tile, 17 * L); c24.intoArray(tile, 18 * L); c34.intoArray(tile, 19 * L);
        c05.intoArray(tile, 20 * L); c15.intoArray(tile, 21 * L); c25.intoArray(tile, 22 * L); c35.intoArray(tile, 23 * L);
    }

    /**
     * The 4x6 micro-kernel reading B in place, element (p, j) at byte {@code b0 + p·rs + min(j, nv − 1)·cs};
     * see {@link #kernel4x6} for the rest.
     */
    private static void kernel4x6Strided(int kc, double[] ap, int ai, MemorySegment b, long b0, long rs, long cs, int nv,
            double[] tile) {
        long b1 = b0 + Math.min(1, nv - 1) * cs;
        long b2 = b0 + Math.min(2, nv - 1) * cs;
        long b3 = b0 + Math.min(3, nv - 1) * cs;
        long b4 = b0 + Math.min(4, nv - 1) * cs;
        long b5 = b0 + Math.min(5, nv - 1) * cs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c30 = c00, c01 = c00, c11 = c00, c21 = c00, c31 = c00, c02 = c00;
        DoubleVector c12 = c00, c22 = c00, c32 = c00, c03 = c00, c13 = c00, c23 = c00, c33 = c00, c04 = c00;
        DoubleVector c14 = c00, c24 = c00, c34 = c00, c05 = c00, c15 = c00, c25 = c00, c35 = c00;
        for (int p = 0; p < kc; p++, ai += 4 * L, b0 += rs, b1 += rs, b2 += rs, b3 += rs, b4 += rs, b5 += rs) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector a2 = DoubleVector.fromArray(S, ap, ai + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, ap, ai + 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, b.get(E, b0));
            c00 = a0.fma(x0, c00); c10 = a1.fma(x0, c10); c20 = a2.fma(x0, c20); c30 = a3.fma(x0, c30);
            DoubleVector x1 = DoubleVector.broadcast(S, b.get(E, b1));
            c01 = a0.fma(x1, c01); c11 = a1.fma(x1, c11); c21 = a2.fma(x1, c21); c31 = a3.fma(x1, c31);
            DoubleVector x2 = DoubleVector.broadcast(S, b.get(E, b2));
            c02 = a0.fma(x2, c02); c12 = a1.fma(x2, c12); c22 = a2.fma(x2, c22); c32 = a3.fma(x2, c32);
            DoubleVector x3 = DoubleVector.broadcast(S, b.get(E, b3));
            c03 = a0.fma(x3, c03); c13 = a1.fma(x3, c13); c23 = a2.fma(x3, c23); c33 = a3.fma(x3, c33);
            DoubleVector x4 = DoubleVector.broadcast(S, b.get(E, b4));
            c04 = a0.fma(x4, c04); c14 = a1.fma(x4, c14); c24 = a2.fma(x4, c24); c34 = a3.fma(x4, c34);
            DoubleVector x5 = DoubleVector.broadcast(S, b.get(E, b5));
            c05 = a0.fma(x5, c05); c15 = a1.fma(x5, c15); c25 = a2.fma(x5, c25); c35 = a3.fma(x5, c35);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L); c20.intoArray(tile, 2 * L); c30.intoArray(tile, 3 * L);
        c01.intoArray(tile, 4 * L); c11.intoArray(tile, 5 * L); c21.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c02.intoArray(tile, 8 * L); c12.intoArray(tile, 9 * L); c22.intoArray(tile, 10 * L); c32.intoArray(tile, 11 * L);
        c03.intoArray(tile, 12 * L); c13.intoArray(tile, 13 * L); c23.intoArray(tile, 14 * L); c33.intoArray(tile, 15 * L);
        c04.intoArray(tile, 16 * L); c14.intoArray(tile, 17 * L); c24.intoArray(tile, 18 * L); c34.intoArray(tile, 19 * L);
        c05.intoArray(tile, 20 * L); c15.intoArray(tile, 21 * L); c25.intoArray(tile, 22 * L); c35.intoArray(tile, 23 * L);
    }

    /**
     * The 4x6 micro-kernel reading A and B in place: column p of A at byte {@code aq + p·lda} (whole
     * vectors: only for full row tiles), B as in {@link #kernel4x6Strided}.
     */
    private static void kernel4x6Direct(int kc, MemorySegment a, long aq, long lda, MemorySegment b, long b0, long rs, long cs,
            int nv, double[] tile) {
        long b1 = b0 + Math.min(1, nv - 1) * cs;
        long b2 = b0 + Math.min(2, nv - 1) * cs;
        long b3 = b0 + Math.min(3, nv - 1) * cs;
        long b4 = b0 + Math.min(4, nv - 1) * cs;
        long b5 = b0 + Math.min(5, nv - 1) * cs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c30 = c00, c01 = c00, c11 = c00, c21 = c00, c31 = c00, c02 = c00;
        DoubleVector c12 = c00, c22 = c00, c32 = c00, c03 = c00, c13 = c00, c23 = c00, c33 = c00, c04 = c00;
        DoubleVector c14 = c00, c24 = c00, c34 = c00, c05 = c00, c15 = c00, c25 = c00, c35 = c00;
        for (int p = 0; p < kc; p++, aq += lda, b0 += rs, b1 += rs, b2 += rs, b3 += rs, b4 += rs, b5 += rs) {
            DoubleVector a0 = DoubleVector.fromMemorySegment(S, a, aq, NO);
            DoubleVector a1 = DoubleVector.fromMemorySegment(S, a, aq + 1 * VB, NO);
            DoubleVector a2 = DoubleVector.fromMemorySegment(S, a, aq + 2 * VB, NO);
            DoubleVector a3 = DoubleVector.fromMemorySegment(S, a, aq + 3 * VB, NO);
            DoubleVector x0 = DoubleVector.broadcast(S, b.get(E, b0));
            c00 = a0.fma(x0, c00); c10 = a1.fma(x0, c10); c20 = a2.fma(x0, c20); c30 = a3.fma(x0, c30);
            DoubleVector x1 = DoubleVector.broadcast(S, b.get(E, b1));
            c01 = a0.fma(x1, c01); c11 = a1.fma(x1, c11); c21 = a2.fma(x1, c21); c31 = a3.fma(x1, c31);
            DoubleVector x2 = DoubleVector.broadcast(S, b.get(E, b2));
            c02 = a0.fma(x2, c02); c12 = a1.fma(x2, c12); c22 = a2.fma(x2, c22); c32 = a3.fma(x2, c32);
            DoubleVector x3 = DoubleVector.broadcast(S, b.get(E, b3));
            c03 = a0.fma(x3, c03); c13 = a1.fma(x3, c13); c23 = a2.fma(x3, c23); c33 = a3.fma(x3, c33);
            DoubleVector x4 = DoubleVector.broadcast(S, b.get(E, b4));
            c04 = a0.fma(x4, c04); c14 = a1.fma(x4, c14); c24 = a2.fma(x4, c24); c34 = a3.fma(x4, c34);
            DoubleVector x5 = DoubleVector.broadcast(S, b.get(E, b5));
            c05 = a0.fma(x5, c05); c15 = a1.fma(x5, c15); c25 = a2.fma(x5, c25); c35 = a3.fma(x5, c35);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L); c20.intoArray(tile, 2 * L); c30.intoArray(tile, 3 * L);
        c01.intoArray(tile, 4 * L); c11.intoArray(tile, 5 * L); c21.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c02.intoArray(tile, 8 * L); c12.intoArray(tile, 9 * L); c22.intoArray(tile, 10 * L); c32.intoArray(tile, 11 * L);
        c03.intoArray(tile, 12 * L); c13.intoArray(tile, 13 * L); c23.intoArray(tile, 14 * L); c33.intoArray(tile, 15 * L);
        c04.intoArray(tile, 16 * L); c14.intoArray(tile, 17 * L); c24.intoArray(tile, 18 * L); c34.intoArray(tile, 19 * L);
        c05.intoArray(tile, 20 * L); c15.intoArray(tile, 21 * L); c25.intoArray(tile, 22 * L); c35.intoArray(tile, 23 * L);
    }

    /**
     * The 2x6 micro-kernel: 2 vectors of packed A times 6 broadcasts of packed B per step, 12
     * accumulators, spilled to {@code tile} (column-major, 2·L rows) for {@link #update}.
     */
    private static void kernel2x6(int kc, double[] ap, int ai, double[] bp, int bi,
            double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c01 = c00, c11 = c00, c02 = c00, c12 = c00, c03 = c00, c13 = c00, c04 = c00;
        DoubleVector c14 = c00, c05 = c00, c15 = c00;
        for (int p = 0; p < kc; p++, ai += 2 * L, bi += 6) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector b;
            b = DoubleVector.broadcast(S, bp[bi]);
            c00 = a0.fma(b, c00); c10 = a1.fma(b, c10);
            b = DoubleVector.broadcast(S, bp[bi + 1]);
            c01 = a0.fma(b, c01); c11 = a1.fma(b, c11);
            b = DoubleVector.broadcast(S, bp[bi + 2]);
            c02 = a0.fma(b, c02); c12 = a1.fma(b, c12);
            b = DoubleVector.broadcast(S, bp[bi + 3]);
            c03 = a0.fma(b, c03); c13 = a1.fma(b, c13);
            b = DoubleVector.broadcast(S, bp[bi + 4]);
            c04 = a0.fma(b, c04); c14 = a1.fma(b, c14);
            b = DoubleVector.broadcast(S, bp[bi + 5]);
            c05 = a0.fma(b, c05); c15 = a1.fma(b, c15);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L);
        c01.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c02.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c03.intoArray(tile, 6 * L); c13.intoArray(tile, 7 * L);
        c04.intoArray(tile, 8 * L); c14.intoArray(tile, 9 * L);
        c05.intoArray(tile, 10 * L); c15.intoArray(tile, 11 * L);
    }

    /**
     * The 2x6 micro-kernel reading B in place, element (p, j) at byte {@code b0 + p·rs + min(j, nv − 1)·cs};
     * see {@link #kernel2x6} for the rest.
     */
    private static void kernel2x6Strided(int kc, double[] ap, int ai, MemorySegment b, long b0, long rs, long cs, int nv,
            double[] tile) {
        long b1 = b0 + Math.min(1, nv - 1) * cs;
        long b2 = b0 + Math.min(2, nv - 1) * cs;
        long b3 = b0 + Math.min(3, nv - 1) * cs;
        long b4 = b0 + Math.min(4, nv - 1) * cs;
        long b5 = b0 + Math.min(5, nv - 1) * cs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c01 = c00, c11 = c00, c02 = c00, c12 = c00, c03 = c00, c13 = c00, c04 = c00;
        DoubleVector c14 = c00, c05 = c00, c15 = c00;
        for (int p = 0; p < kc; p++, ai += 2 * L, b0 += rs, b1 += rs, b2 += rs, b3 += rs, b4 += rs, b5 += rs) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector x0 = DoubleVector.broadcast(S, b.get(E, b0));
            c00 = a0.fma(x0, c00); c10 = a1.fma(x0, c10);
            DoubleVector x1 = DoubleVector.broadcast(S, b.get(E, b1));
            c01 = a0.fma(x1, c01); c11 = a1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, b.get(E, b2));
            c02 = a0.fma(x2, c02); c12 = a1.fma(x2, c12);
            DoubleVector x3 = DoubleVector.broadcast(S, b.get(E, b3));
            c03 = a0.fma(x3, c03); c13 = a1.fma(x3, c13);
            DoubleVector x4 = DoubleVector.broadcast(S, b.get(E, b4));
            c04 = a0.fma(x4, c04); c14 = a1.fma(x4, c14);
            DoubleVector x5 = DoubleVector.broadcast(S, b.get(E, b5));
            c05 = a0.fma(x5, c05); c15 = a1.fma(x5, c15);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L);
        c01.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c02.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c03.intoArray(tile, 6 * L); c13.intoArray(tile, 7 * L);
        c04.intoArray(tile, 8 * L); c14.intoArray(tile, 9 * L);
        c05.intoArray(tile, 10 * L); c15.intoArray(tile, 11 * L);
    }

    /**
     * The 2x6 micro-kernel reading A and B in place: column p of A at byte {@code aq + p·lda} (whole
     * vectors: only for full row tiles), B as in {@link #kernel2x6Strided}.
     */
    private static void kernel2x6Direct(int kc, MemorySegment a, long aq, long lda, MemorySegment b, long b0, long rs, long cs,
            int nv, double[] tile) {
        long b1 = b0 + Math.min(1, nv - 1) * cs;
        long b2 = b0 + Math.min(2, nv - 1) * cs;
        long b3 = b0 + Math.min(3, nv - 1) * cs;
        long b4 = b0 + Math.min(4, nv - 1) * cs;
        long b5 = b0 + Math.min(5, nv - 1) * cs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c01 = c00, c11 = c00, c02 = c00, c12 = c00, c03 = c00, c13 = c00, c04 = c00;
        DoubleVector c14 = c00, c05 = c00, c15 = c00;
        for (int p = 0; p < kc; p++, aq += lda, b0 += rs, b1 += rs, b2 += rs, b3 += rs, b4 += rs, b5 += rs) {
            DoubleVector a0 = DoubleVector.fromMemorySegment(S, a, aq, NO);
            DoubleVector a1 = DoubleVector.fromMemorySegment(S, a, aq + 1 * VB, NO);
            DoubleVector x0 = DoubleVector.broadcast(S, b.get(E, b0));
            c00 = a0.fma(x0, c00); c10 = a1.fma(x0, c10);
            DoubleVector x1 = DoubleVector.broadcast(S, b.get(E, b1));
            c01 = a0.fma(x1, c01); c11 = a1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, b.get(E, b2));
            c02 = a0.fma(x2, c02); c12 = a1.fma(x2, c12);
            DoubleVector x3 = DoubleVector.broadcast(S, b.get(E, b3));
            c03 = a0.fma(x3, c03); c13 = a1.fma(x3, c13);
            DoubleVector x4 = DoubleVector.broadcast(S, b.get(E, b4));
            c04 = a0.fma(x4, c04); c14 = a1.fma(x4, c14);
            DoubleVector x5 = DoubleVector.broadcast(S, b.get(E, b5));
            c05 = a0.fma(x5, c05); c15 = a1.fma(x5, c15);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L);
        c01.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c02.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c03.intoArray(tile, 6 * L); c13.intoArray(tile, 7 * L);
        c04.intoArray(tile, 8 * L); c14.intoArray(tile, 9 * L);
        c05.intoArray(tile, 10 * L); c15.intoArray(tile, 11 * L);
    }

}
