package org.panopt.kernels.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.kernels.ElementAccess;
import org.panopt.kernels.Operand;

/**
 * Row- and column-wise LSE (one-shot and accumulated tile by tile) against a careful scalar
 * reference: the same z (fma(v − C, 1/ε, w), in the kernel's precision), its maximum, a compensated
 * (Neumaier) sum of {@link Math#exp}(z − max) in double, and {@link Math#log}. The error is measured in
 * ulps of {@code max(|reference|, |max z|, 1)}; the bounds asserted are the ones stated in {@link LogSumExp}.
 */
class LogSumExpTest {
    static final int[][] SHAPES = {{0, 5}, {5, 0}, {1, 1}, {7, 3}, {8, 8}, {9, 17}, {33, 100}, {100, 33}, {64, 257},
        {17, 1000}, {1000, 9}};
    static final double[] EPS = {1, 0.05, 0.002};
    /** Asserted bounds in ulps of max(|out|, 1): f64, f32 (stated in LogSumExp's Javadoc). */
    static final double BOUND_F64 = 2, BOUND_F32 = 2;

    /** Careful scalar LSE of z_k, k < count; NaN → NaN, else +∞ → +∞, all −∞ (or none) → −∞. */
    static double referenceLse(double[] z, int count) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            m = Math.max(m, z[k]);
        }
        if (!Double.isFinite(m)) {
            return m;
        }
        double s = 0, comp = 0;
        for (int k = 0; k < count; k++) {
            double t = Math.exp(z[k] - m), u = s + t;
            comp += Math.abs(s) >= t ? (s - u) + t : (t - u) + s;
            s = u;
        }
        return m + Math.log(s + comp);
    }

    /** z_ij as the kernels define it, in the operand's precision. */
    static double z(Operand c, Operand v, Operand w, double eps, int i, int j, boolean rowWise) {
        int k = rowWise ? j : i;
        double vk = ElementAccess.get(v.seg, v.off + k, c.f32), wk = ElementAccess.get(w.seg, w.off + k, c.f32);
        if (c.f32) {
            float ie = 1 / (float) eps;
            return Math.fma((float) vk - (float) c.get(i, j), ie, (float) wk);
        }
        return Math.fma(vk - c.get(i, j), 1 / eps, wk);
    }

    /** Reference LSE per output, and in {@code scale} the error scale max(|LSE|, |max z|, 1). */
    static double[] reference(Operand c, Operand v, Operand w, double eps, boolean rowWise, double[] scale) {
        int outs = rowWise ? c.rows : c.cols, along = rowWise ? c.cols : c.rows;
        double[] out = new double[outs];
        double[] zs = new double[along];
        for (int o = 0; o < outs; o++) {
            double m = 0;
            for (int k = 0; k < along; k++) {
                zs[k] = rowWise ? z(c, v, w, eps, o, k, true) : z(c, v, w, eps, k, o, false);
                m = Math.max(m, Double.isFinite(zs[k]) ? Math.abs(zs[k]) : 0);
            }
            out[o] = referenceLse(zs, along);
            scale[o] = Math.max(Math.max(Math.abs(out[o]), m), 1);
        }
        return out;
    }

    static double[] reference(Operand c, Operand v, Operand w, double eps, boolean rowWise) {
        return reference(c, v, w, eps, rowWise, new double[rowWise ? c.rows : c.cols]);
    }

    /**
     * Error in ulps of the scale max(|LSE|, |max z|, 1): the z themselves are only known to within
     * ulp(|z|), and m + log s cancels when the maximum is large and negative.
     */
    private static double err(double ref, double got, double scale, boolean f32) {
        if (Double.compare(ref, got) == 0 || (f32 && Float.compare((float) ref, (float) got) == 0)) {
            return 0;
        }
        if (!Double.isFinite(ref) || !Double.isFinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(ref - got) / (f32 ? Math.ulp((float) scale) : Math.ulp(scale));
    }

    private static Operand data(SplittableRandom r, boolean f32, int rows, int cols, int ld, int kind) {
        Operand c = Operand.matrix(r, f32, rows, cols, ld, kind);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                c.set(i, j, r.nextDouble()); // costs in [0, 1)
            }
        }
        return c;
    }

    private static Operand vec(SplittableRandom r, boolean f32, int n, double lo, double hi, int kind) {
        Operand v = Operand.vector(r, f32, n, 1, kind);
        for (int k = 0; k < n; k++) {
            v.set(k, lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void oneShotAndTiledMatchTheCarefulReference(boolean f32) {
        SplittableRandom r = new SplittableRandom(f32 ? 11 : 12);
        double worst = 0;
        int caseNo = 0;
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1];
            for (double eps : EPS) {
                for (boolean rowWise : new boolean[] {true, false}) {
                    int kind = caseNo++ % 3, ld = Math.max(1, rows) + (caseNo % 2) * 5;
                    int along = rowWise ? cols : rows, outs = rowWise ? rows : cols;
                    Operand c = data(r, f32, rows, cols, ld, kind);
                    Operand v = vec(r, f32, along, 0, 0.1, (kind + 1) % 3);
                    Operand w = vec(r, f32, along, -Math.log(Math.max(along, 1)) - 1, -Math.log(Math.max(along, 1)),
                            (kind + 2) % 3);
                    double[] scale = new double[outs];
                    double[] ref = reference(c, v, w, eps, rowWise, scale);
                    String what = (rowWise ? "row" : "col") + " " + rows + "x" + cols + " ld=" + ld + " eps=" + eps
                            + (f32 ? " f32" : " f64");
                    // One-shot.
                    Operand out = Operand.vector(r, f32, outs, 1, kind), scratch = Operand.vector(r, f32, outs, 1, kind);
                    run(f32, rowWise, rows, cols, c, v, w, eps, out, scratch);
                    for (int o = 0; o < outs; o++) {
                        double e = err(ref[o], out.get(o), scale[o], f32);
                        worst = Math.max(worst, e);
                        assertTrue(e <= (f32 ? BOUND_F32 : BOUND_F64),
                                what + " out " + o + ": ref " + ref[o] + " got " + out.get(o) + " (" + e + " ulp)");
                    }
                    out.assertOutsideUntouched(what);
                    // Tiled: random row and column blocks folded into the same states.
                    Operand max = Operand.vector(r, f32, outs, 1, kind), sum = Operand.vector(r, f32, outs, 1, kind);
                    init(f32, outs, max, sum);
                    for (int j0 = 0; j0 < cols; ) {
                        int jw = Math.min(cols - j0, 1 + r.nextInt(40));
                        for (int i0 = 0; i0 < rows; ) {
                            int iw = Math.min(rows - i0, 1 + r.nextInt(50));
                            accumulate(f32, rowWise, iw, jw, c, c.off + i0 + (long) j0 * ld, v, w, rowWise ? j0 : i0, eps,
                                    max, sum, rowWise ? i0 : j0);
                            i0 += iw;
                        }
                        j0 += jw;
                    }
                    finish(f32, outs, max, sum);
                    for (int o = 0; o < outs; o++) {
                        double e = err(ref[o], max.get(o), scale[o], f32);
                        worst = Math.max(worst, e);
                        assertTrue(e <= (f32 ? BOUND_F32 : BOUND_F64),
                                what + " tiled out " + o + ": ref " + ref[o] + " got " + max.get(o) + " (" + e + " ulp)");
                    }
                }
            }
        }
        System.out.printf("LSE %s: max error %.2f ulp of max(|out|, |max z|, 1)%n", f32 ? "f32" : "f64", worst);
    }

    @Test
    void largeReductionsStayWithinTheBound() {
        for (boolean f32 : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(13);
            int rows = 37, cols = 4000;
            Operand c = data(r, f32, rows, cols, rows, 0);
            Operand v = vec(r, f32, cols, 0, 0.1, 0), w = vec(r, f32, cols, -9.3, -8.3, 0);
            Operand vr = vec(r, f32, rows, 0, 0.1, 0), wr = vec(r, f32, rows, -4.6, -3.6, 0);
            double[] scale = new double[rows];
            double[] ref = reference(c, v, w, 0.05, true, scale);
            Operand out = Operand.vector(r, f32, rows, 1, 0), scratch = Operand.vector(r, f32, rows, 1, 0);
            run(f32, true, rows, cols, c, v, w, 0.05, out, scratch);
            double worst = 0;
            for (int o = 0; o < rows; o++) {
                worst = Math.max(worst, err(ref[o], out.get(o), scale[o], f32));
            }
            // Column-wise over a tall matrix: 4000 terms per output.
            Operand ct = data(r, f32, cols, rows, cols, 0);
            double[] refc = reference(ct, v, w, 0.05, false, scale);
            Operand outc = Operand.vector(r, f32, rows, 1, 0), scc = Operand.vector(r, f32, rows, 1, 0);
            run(f32, false, cols, rows, ct, v, w, 0.05, outc, scc);
            for (int o = 0; o < rows; o++) {
                worst = Math.max(worst, err(refc[o], outc.get(o), scale[o], f32));
            }
            System.out.printf("LSE over 4000 terms %s: max error %.2f ulp%n", f32 ? "f32" : "f64", worst);
            assertTrue(worst <= (f32 ? BOUND_F32 : BOUND_F64), "4000-term LSE error " + worst);
            assertTrue(vr.n == rows && wr.n == rows);
        }
    }

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void specialValuesLikeTheCarefulReference(boolean f32) {
        SplittableRandom r = new SplittableRandom(14);
        int rows = 19, cols = 11; // rows span two vectors of 8 (f64) and a scalar tail
        for (boolean rowWise : new boolean[] {true, false}) {
            int outs = rowWise ? rows : cols, along = rowWise ? cols : rows;
            Operand c = data(r, f32, rows, cols, rows + 2, 1);
            for (int o = 0; o < outs; o++) {
                int pattern = o % 6;
                for (int k = 0; k < along; k++) {
                    int i = rowWise ? o : k, j = rowWise ? k : o;
                    double val = switch (pattern) {
                        case 0 -> Double.POSITIVE_INFINITY;                            // all z = −∞
                        case 1 -> k == along / 2 ? Double.NaN : c.get(i, j);           // NaN
                        case 2 -> k == 1 ? Double.NEGATIVE_INFINITY : c.get(i, j);     // one z = +∞
                        case 3 -> k == 0 ? Double.NEGATIVE_INFINITY : k == along - 1 ? Double.NaN : c.get(i, j);
                        case 4 -> k % 2 == 0 ? Double.POSITIVE_INFINITY : c.get(i, j); // some z = −∞
                        default -> c.get(i, j);
                    };
                    c.set(i, j, val);
                }
            }
            Operand v = vec(r, f32, along, 0, 0.1, 0), w = vec(r, f32, along, -1, 0, 0);
            double[] scale = new double[outs];
            double[] ref = reference(c, v, w, 0.1, rowWise, scale);
            Operand out = Operand.vector(r, f32, outs, 1, 0), scratch = Operand.vector(r, f32, outs, 1, 0);
            run(f32, rowWise, rows, cols, c, v, w, 0.1, out, scratch);
            for (int o = 0; o < outs; o++) {
                String what = (rowWise ? "row " : "col ") + o + " pattern " + o % 6;
                if (!Double.isFinite(ref[o])) {
                    assertEquals(ref[o], out.get(o), what);
                } else {
                    assertTrue(err(ref[o], out.get(o), scale[o], f32) <= 4, what + ": ref " + ref[o] + " got " + out.get(o));
                }
            }
        }
    }

    @Test
    void badArgumentsThrowBeforeWriting() {
        SplittableRandom r = new SplittableRandom(15);
        Operand c = data(r, false, 8, 8, 8, 0), v = vec(r, false, 8, 0, 1, 0), w = vec(r, false, 8, 0, 1, 0);
        Operand out = Operand.vector(r, false, 8, 1, 0), scratch = Operand.vector(r, false, 8, 1, 0);
        Runnable[] bad = {
            () -> LogSumExp.drow(8, 8, c.seg, c.off, 7, v.seg, v.off, w.seg, w.off, 1, out.seg, out.off, scratch.seg, 0),
            () -> LogSumExp.drow(8, 9, c.seg, c.off, 8, v.seg, v.off, w.seg, w.off, 1, out.seg, out.off, scratch.seg, 0),
            () -> LogSumExp.drow(8, 8, c.seg, c.off, 8, v.seg, v.off, w.seg, w.off, 0, out.seg, out.off, scratch.seg, 0),
            () -> LogSumExp.drow(8, 8, c.seg, c.off, 8, v.seg, v.off, w.seg, w.off, Double.NaN, out.seg, out.off,
                    scratch.seg, 0),
            () -> LogSumExp.dcol(8, 8, c.seg, c.off, 8, v.seg, v.off + 1000, w.seg, w.off, 1, out.seg, out.off,
                    scratch.seg, 0),
            () -> LogSumExp.dcol(-1, 8, c.seg, c.off, 8, v.seg, v.off, w.seg, w.off, 1, out.seg, out.off, scratch.seg, 0),
            () -> LogSumExp.dcol(8, 8, c.seg, c.off, 8, v.seg, v.off, w.seg, w.off, 1, out.seg, out.off, scratch.seg.asReadOnly(),
                    0),
        };
        for (Runnable b : bad) {
            assertThrowsIllegal(b);
            out.assertUnchanged("out");
            scratch.assertUnchanged("scratch");
        }
    }

    static void assertThrowsIllegal(Runnable b) {
        try {
            b.run();
        } catch (IllegalArgumentException | IndexOutOfBoundsException expected) {
            return;
        }
        throw new AssertionError("no exception");
    }

    // ---------------------------------------------------------------- dispatch by precision

    static void run(boolean f32, boolean rowWise, int rows, int cols, Operand c, Operand v, Operand w, double eps,
                    Operand out, Operand scratch) {
        if (f32 && rowWise) {
            LogSumExp.srow(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, (float) eps, out.seg, out.off,
                    scratch.seg, scratch.off);
        } else if (f32) {
            LogSumExp.scol(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, (float) eps, out.seg, out.off,
                    scratch.seg, scratch.off);
        } else if (rowWise) {
            LogSumExp.drow(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, eps, out.seg, out.off,
                    scratch.seg, scratch.off);
        } else {
            LogSumExp.dcol(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, eps, out.seg, out.off,
                    scratch.seg, scratch.off);
        }
    }

    static void init(boolean f32, int n, Operand max, Operand sum) {
        if (f32) {
            LogSumExp.sinit(n, max.seg, max.off, sum.seg, sum.off);
        } else {
            LogSumExp.dinit(n, max.seg, max.off, sum.seg, sum.off);
        }
    }

    static void accumulate(boolean f32, boolean rowWise, int rows, int cols, Operand c, long cOff, Operand v, Operand w,
                           int vFrom, double eps, Operand max, Operand sum, int sFrom) {
        long vo = v.off + vFrom, wo = w.off + vFrom, mo = max.off + sFrom, so = sum.off + sFrom;
        if (f32 && rowWise) {
            LogSumExp.srowAccumulate(rows, cols, c.seg, cOff, c.ld, v.seg, vo, w.seg, wo, (float) eps, max.seg, mo,
                    sum.seg, so);
        } else if (f32) {
            LogSumExp.scolAccumulate(rows, cols, c.seg, cOff, c.ld, v.seg, vo, w.seg, wo, (float) eps, max.seg, mo,
                    sum.seg, so);
        } else if (rowWise) {
            LogSumExp.drowAccumulate(rows, cols, c.seg, cOff, c.ld, v.seg, vo, w.seg, wo, eps, max.seg, mo, sum.seg, so);
        } else {
            LogSumExp.dcolAccumulate(rows, cols, c.seg, cOff, c.ld, v.seg, vo, w.seg, wo, eps, max.seg, mo, sum.seg, so);
        }
    }

    static void finish(boolean f32, int n, Operand max, Operand sum) {
        if (f32) {
            LogSumExp.sfinish(n, max.seg, max.off, sum.seg, sum.off, max.seg, max.off);
        } else {
            LogSumExp.dfinish(n, max.seg, max.off, sum.seg, sum.off, max.seg, max.off);
        }
    }
}
