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
 * edge/triangle masks. No vector value crosses a call boundary, so nothing is boxed even where C2
 * declines to inline a large method.
 */
final class DoubleGemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final int ES = Double.BYTES;
    private static final ValueLayout.OfDouble E = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();

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
            // Small shapes: A packed once (cheap), B read in place; packing B loses here.
            packA(ta, a, aOff, lda, 0, 0, m, k, bs.mr(), ws.dA);
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
                    if (bs.nr() == 8) {
                        kernel3x8Strided(k, ws.dA, ir * k, b, b0, rs, cs, nv, ws.dTile);
                    } else {
                        kernel2x6Strided(k, ws.dA, ir * k, b, b0, rs, cs, nv, ws.dTile);
                    }
                    update(ws.dTile, bs.mr(), part, ir - jr, mv, nv, alpha, beta, c, cOff + ir + (long) jr * ldc, ldc);
                }
            }
            return;
        }
        for (int jc = 0; jc < n; jc += bs.nc()) {
            int nc = Math.min(bs.nc(), n - jc);
            for (int pc = 0; pc < k; pc += bs.kc()) {
                int kc = Math.min(bs.kc(), k - pc);
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
                if (nr == 8) {
                    kernel3x8(kc, ap, ir * kc, bp, jr * kc, tile);
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
        for (int ir = 0; ir < mc; ir += mr) {
            int mv = Math.min(mr, mc - ir);
            int d = ir * kc;
            if (ta) {
                // op(A)(i, p) = A(p, i): each packed column gathers a row of A.
                long base = (aOff + p0 + (long) (i0 + ir) * lda) * ES;
                packStrided(a, base, ES, (long) lda * ES, kc, mv, mr, dst, d);
            } else {
                long base = (aOff + i0 + ir + (long) p0 * lda) * ES;
                packColumns(a, base, (long) lda * ES, kc, mv, mr, dst, d);
            }
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
        for (int p = 0; p < count; p++, base += ps, d += width) {
            long s = base;
            for (int x = 0; x < valid; x++, s += xs) {
                dst[d + x] = src.get(E, s);
            }
        }
        if (valid < width) {
            zeroPad(dst, d - count * width, count, valid, width);
        }
    }

    /**
     * Packs {@code count} column pieces of {@code valid ≤ width} contiguous values with vectors (the
     * last {@code valid mod L} in scalar code, see {@link #update}), then zero-pads to {@code width}.
     */
    private static void packColumns(MemorySegment src, long base, long colStride, int count, int valid, int width,
                                    double[] dst, int d) {
        int full = valid - valid % L;
        for (int p = 0, dp = d; p < count; p++, base += colStride, dp += width) {
            for (int x = 0; x < full; x += L) {
                DoubleVector.fromMemorySegment(S, src, base + (long) x * ES, NO).intoArray(dst, dp + x);
            }
            for (int x = full; x < valid; x++) {
                dst[dp + x] = src.get(E, base + (long) x * ES);
            }
        }
        if (valid < width) {
            zeroPad(dst, d, count, valid, width);
        }
    }

    private static void zeroPad(double[] dst, int d, int count, int valid, int width) {
        for (int p = 0; p < count; p++, d += width) {
            for (int x = valid; x < width; x++) {
                dst[d + x] = 0;
            }
        }
    }

    /** The 3x8 micro-kernel on packed slivers: 3 vectors of A times 8 broadcasts of B per step. */
    private static void kernel3x8(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c01 = c00, c11 = c00, c21 = c00, c02 = c00, c12 = c00, c22 = c00;
        DoubleVector c03 = c00, c13 = c00, c23 = c00, c04 = c00, c14 = c00, c24 = c00, c05 = c00, c15 = c00;
        DoubleVector c25 = c00, c06 = c00, c16 = c00, c26 = c00, c07 = c00, c17 = c00, c27 = c00;
        for (int p = 0; p < kc; p++, ai += 3 * L, bi += 8) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector a2 = DoubleVector.fromArray(S, ap, ai + 2 * L);
            DoubleVector b;
            b = DoubleVector.broadcast(S, bp[bi]);
            c00 = a0.fma(b, c00); c10 = a1.fma(b, c10); c20 = a2.fma(b, c20);
            b = DoubleVector.broadcast(S, bp[bi + 1]);
            c01 = a0.fma(b, c01); c11 = a1.fma(b, c11); c21 = a2.fma(b, c21);
            b = DoubleVector.broadcast(S, bp[bi + 2]);
            c02 = a0.fma(b, c02); c12 = a1.fma(b, c12); c22 = a2.fma(b, c22);
            b = DoubleVector.broadcast(S, bp[bi + 3]);
            c03 = a0.fma(b, c03); c13 = a1.fma(b, c13); c23 = a2.fma(b, c23);
            b = DoubleVector.broadcast(S, bp[bi + 4]);
            c04 = a0.fma(b, c04); c14 = a1.fma(b, c14); c24 = a2.fma(b, c24);
            b = DoubleVector.broadcast(S, bp[bi + 5]);
            c05 = a0.fma(b, c05); c15 = a1.fma(b, c15); c25 = a2.fma(b, c25);
            b = DoubleVector.broadcast(S, bp[bi + 6]);
            c06 = a0.fma(b, c06); c16 = a1.fma(b, c16); c26 = a2.fma(b, c26);
            b = DoubleVector.broadcast(S, bp[bi + 7]);
            c07 = a0.fma(b, c07); c17 = a1.fma(b, c17); c27 = a2.fma(b, c27);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L); c20.intoArray(tile, 2 * L);
        c01.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L);
        c02.intoArray(tile, 6 * L); c12.intoArray(tile, 7 * L); c22.intoArray(tile, 8 * L);
        c03.intoArray(tile, 9 * L); c13.intoArray(tile, 10 * L); c23.intoArray(tile, 11 * L);
        c04.intoArray(tile, 12 * L); c14.intoArray(tile, 13 * L); c24.intoArray(tile, 14 * L);
        c05.intoArray(tile, 15 * L); c15.intoArray(tile, 16 * L); c25.intoArray(tile, 17 * L);
        c06.intoArray(tile, 18 * L); c16.intoArray(tile, 19 * L); c26.intoArray(tile, 20 * L);
        c07.intoArray(tile, 21 * L); c17.intoArray(tile, 22 * L); c27.intoArray(tile, 23 * L);
    }

    /** The 2x6 micro-kernel on packed slivers: 2 vectors of A times 6 broadcasts of B per step. */
    private static void kernel2x6(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
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

    /** The 3x8 micro-kernel reading B in place: element (p, j) at byte {@code b0 + p·rs + min(j, nv − 1)·cs}. */
    private static void kernel3x8Strided(int kc, double[] ap, int ai, MemorySegment b, long b0, long rs, long cs, int nv,
            double[] tile) {
        long b1 = b0 + Math.min(1, nv - 1) * cs;
        long b2 = b0 + Math.min(2, nv - 1) * cs;
        long b3 = b0 + Math.min(3, nv - 1) * cs;
        long b4 = b0 + Math.min(4, nv - 1) * cs;
        long b5 = b0 + Math.min(5, nv - 1) * cs;
        long b6 = b0 + Math.min(6, nv - 1) * cs;
        long b7 = b0 + Math.min(7, nv - 1) * cs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c01 = c00, c11 = c00, c21 = c00, c02 = c00, c12 = c00, c22 = c00;
        DoubleVector c03 = c00, c13 = c00, c23 = c00, c04 = c00, c14 = c00, c24 = c00, c05 = c00, c15 = c00;
        DoubleVector c25 = c00, c06 = c00, c16 = c00, c26 = c00, c07 = c00, c17 = c00, c27 = c00;
        for (int p = 0; p < kc; p++, ai += 3 * L, b0 += rs, b1 += rs, b2 += rs, b3 += rs, b4 += rs, b5 += rs, b6 += rs, b7 += rs) {
            DoubleVector a0 = DoubleVector.fromArray(S, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, ai + L);
            DoubleVector a2 = DoubleVector.fromArray(S, ap, ai + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, b.get(E, b0));
            c00 = a0.fma(x0, c00); c10 = a1.fma(x0, c10); c20 = a2.fma(x0, c20);
            DoubleVector x1 = DoubleVector.broadcast(S, b.get(E, b1));
            c01 = a0.fma(x1, c01); c11 = a1.fma(x1, c11); c21 = a2.fma(x1, c21);
            DoubleVector x2 = DoubleVector.broadcast(S, b.get(E, b2));
            c02 = a0.fma(x2, c02); c12 = a1.fma(x2, c12); c22 = a2.fma(x2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, b.get(E, b3));
            c03 = a0.fma(x3, c03); c13 = a1.fma(x3, c13); c23 = a2.fma(x3, c23);
            DoubleVector x4 = DoubleVector.broadcast(S, b.get(E, b4));
            c04 = a0.fma(x4, c04); c14 = a1.fma(x4, c14); c24 = a2.fma(x4, c24);
            DoubleVector x5 = DoubleVector.broadcast(S, b.get(E, b5));
            c05 = a0.fma(x5, c05); c15 = a1.fma(x5, c15); c25 = a2.fma(x5, c25);
            DoubleVector x6 = DoubleVector.broadcast(S, b.get(E, b6));
            c06 = a0.fma(x6, c06); c16 = a1.fma(x6, c16); c26 = a2.fma(x6, c26);
            DoubleVector x7 = DoubleVector.broadcast(S, b.get(E, b7));
            c07 = a0.fma(x7, c07); c17 = a1.fma(x7, c17); c27 = a2.fma(x7, c27);
        }
        c00.intoArray(tile, 0 * L); c10.intoArray(tile, 1 * L); c20.intoArray(tile, 2 * L);
        c01.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L);
        c02.intoArray(tile, 6 * L); c12.intoArray(tile, 7 * L); c22.intoArray(tile, 8 * L);
        c03.intoArray(tile, 9 * L); c13.intoArray(tile, 10 * L); c23.intoArray(tile, 11 * L);
        c04.intoArray(tile, 12 * L); c14.intoArray(tile, 13 * L); c24.intoArray(tile, 14 * L);
        c05.intoArray(tile, 15 * L); c15.intoArray(tile, 16 * L); c25.intoArray(tile, 17 * L);
        c06.intoArray(tile, 18 * L); c16.intoArray(tile, 19 * L); c26.intoArray(tile, 20 * L);
        c07.intoArray(tile, 21 * L); c17.intoArray(tile, 22 * L); c27.intoArray(tile, 23 * L);
    }

    /** The 2x6 micro-kernel reading B in place: element (p, j) at byte {@code b0 + p·rs + min(j, nv − 1)·cs}. */
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
}
