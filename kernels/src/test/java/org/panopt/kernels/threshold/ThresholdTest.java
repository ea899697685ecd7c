package org.panopt.kernels.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.kernels.Operand;
import org.panopt.kernels.Tolerance;

/** Soft, hard and block soft thresholding against their scalar definitions, in place and out of place. */
class ThresholdTest {
    static final int[] NS = {0, 1, 5, 8, 16, 17, 33, 100};

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void softAndHardMatchTheDefinitions(boolean f32) {
        SplittableRandom r = new SplittableRandom(31);
        for (int n : NS) {
            for (double t0 : new double[] {0, 0.3, 2}) {
                double t = f32 ? (float) t0 : t0;
                for (boolean soft : new boolean[] {true, false}) {
                    for (boolean inPlace : new boolean[] {true, false}) {
                        Operand x = Operand.vector(r, f32, n, 1, n % 3);
                        if (n > 3) {
                            x.set(1, Double.NaN);
                            x.set(2, t);
                            x.set(3, -t);
                            x.mark();
                        }
                        double[] xv = x.values();
                        Operand y = inPlace ? x : Operand.vector(r, f32, n, 1, (n + 1) % 3);
                        apply(soft, f32, n, t, x, y);
                        for (int k = 0; k < n; k++) {
                            double v = xv[k];
                            double e = soft ? Math.signum(v) * Math.max(Math.abs(v) - t, 0) : Math.abs(v) > t || v != v ? v : 0;
                            String what = (soft ? "soft" : "hard") + " n=" + n + " t=" + t + " k=" + k + " x=" + v;
                            Tolerance.close(e, y.get(k), Tolerance.u(f32) * Math.abs(e), what);
                        }
                        y.assertOutsideUntouched("y");
                        if (!inPlace) {
                            x.assertUnchanged("x");
                        }
                    }
                }
            }
        }
    }

    private static void apply(boolean soft, boolean f32, int n, double t, Operand x, Operand y) {
        if (soft && f32) {
            Threshold.ssoft(n, (float) t, x.seg, x.off, y.seg, y.off);
        } else if (soft) {
            Threshold.dsoft(n, t, x.seg, x.off, y.seg, y.off);
        } else if (f32) {
            Threshold.shard(n, (float) t, x.seg, x.off, y.seg, y.off);
        } else {
            Threshold.dhard(n, t, x.seg, x.off, y.seg, y.off);
        }
    }

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void blockSoftShrinksEachBlock(boolean f32) {
        SplittableRandom r = new SplittableRandom(32);
        for (int b : new int[] {1, 3, 8, 17}) {
            int n = 4 * b;
            Operand x = Operand.vector(r, f32, n, 1, b % 3);
            for (int k = b; k < 2 * b; k++) {
                x.set(k, 0); // a zero block
            }
            x.set(2 * b, 0.001); // a small block, shrunk to 0 for t = 0.5
            for (int k = 2 * b + 1; k < 3 * b; k++) {
                x.set(k, 0);
            }
            x.mark();
            double[] xv = x.values();
            Operand y = Operand.vector(r, f32, n, 1, 0);
            double t = 0.5;
            if (f32) {
                Threshold.sblockSoft(n, b, (float) t, x.seg, x.off, y.seg, y.off);
            } else {
                Threshold.dblockSoft(n, b, t, x.seg, x.off, y.seg, y.off);
            }
            for (int k0 = 0; k0 < n; k0 += b) {
                double norm = 0;
                for (int k = k0; k < k0 + b; k++) {
                    norm += xv[k] * xv[k];
                }
                norm = Math.sqrt(norm);
                double scale = norm == 0 ? 0 : Math.max(0, 1 - t / norm);
                for (int k = k0; k < k0 + b; k++) {
                    Tolerance.close(scale * xv[k], y.get(k), 4 * Tolerance.u(f32) * Math.abs(xv[k]),
                            "b=" + b + " k=" + k);
                }
            }
            y.assertOutsideUntouched("y");
        }
    }

    @Test
    void badArgumentsThrowBeforeWriting() {
        double[] y = {1, 2, 3, 4};
        MemorySegment ys = MemorySegment.ofArray(y), xs = MemorySegment.ofArray(new double[] {5, 6, 7, 8});
        assertThrows(IllegalArgumentException.class, () -> Threshold.dsoft(4, -1, xs, 0, ys, 0));
        assertThrows(IllegalArgumentException.class, () -> Threshold.dsoft(4, Double.NaN, xs, 0, ys, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Threshold.dhard(4, 1, xs, 1, ys, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Threshold.dhard(5, 1, xs, 0, ys, 0));
        assertThrows(IllegalArgumentException.class, () -> Threshold.dblockSoft(4, 3, 1, xs, 0, ys, 0));
        assertThrows(IllegalArgumentException.class, () -> Threshold.dblockSoft(4, 0, 1, xs, 0, ys, 0));
        assertThrows(IllegalArgumentException.class, () -> Threshold.dsoft(4, 1, xs, 0, ys.asReadOnly(), 0));
        assertEquals(1, y[0]);
        assertTrue(y[3] == 4);
    }
}
