package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.kernels.level1.Level1;

/** Extreme values: nrm2 near the overflow and underflow thresholds, NaN/∞ in reductions, iamax ties. */
class Level1SpecialValuesTest {

    /** sqrt(Σ x²) in BigDecimal: the exact norm to 34 digits. */
    private static double exactNorm(double[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal b = new BigDecimal(v);
            s = s.add(b.multiply(b));
        }
        return s.sqrt(MathContext.DECIMAL128).doubleValue();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e300, 1e-300, 1e-310, Double.MIN_VALUE, 1e154, 1e-160, 1.7e308})
    void dnrm2NeitherOverflowsNorUnderflows(double scale) {
        for (int n : new int[] {1, 3, 8, 17, 40}) {
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = scale * (k % 3 == 0 ? 1 : -0.5 - 0.01 * k) / (scale > 1e300 ? n : 1);
            }
            double exact = exactNorm(x);
            for (int inc : new int[] {1, -1, 2}) {
                double[] buf = new double[(n - 1) * Math.abs(inc) + 1];
                for (int k = 0; k < n; k++) {
                    buf[(inc > 0 ? k : n - 1 - k) * Math.abs(inc)] = x[k];
                }
                double got = Level1.dnrm2(n, MemorySegment.ofArray(buf), 0, inc);
                assertTrue(Double.isFinite(got) && got > 0, "n=" + n + " scale=" + scale + " got " + got);
                assertTrue(Tolerance.ulps(exact, got, false) <= 4 || Math.abs(exact - got) <= Double.MIN_VALUE * 2,
                        "n=" + n + " inc=" + inc + " scale=" + scale + ": exact " + exact + " got " + got);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {3e38f, 1e-38f, 1e-44f, Float.MIN_VALUE, 1e20f, 1e-20f})
    void snrm2NeitherOverflowsNorUnderflows(float scale) {
        int n = 37;
        float[] x = new float[n];
        double[] xd = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = scale * (k % 2 == 0 ? 1f : -0.75f) / (scale > 1e38f ? n : 1);
            xd[k] = x[k];
        }
        double exact = exactNorm(xd);
        float got = Level1.snrm2(n, MemorySegment.ofArray(x), 0, 1);
        assertTrue(Tolerance.ulps(exact, got, true) <= 1, "scale=" + scale + ": exact " + exact + " got " + got);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 9, 33})
    void nonFiniteValuesPropagate(int n) {
        for (int pos = 0; pos < n; pos++) {
            double[] x = new double[n];
            java.util.Arrays.fill(x, 0.5);
            x[pos] = Double.POSITIVE_INFINITY;
            MemorySegment s = MemorySegment.ofArray(x);
            assertEquals(Double.POSITIVE_INFINITY, Level1.dnrm2(n, s, 0, 1));
            assertEquals(Double.POSITIVE_INFINITY, Level1.dasum(n, s, 0, 1));
            assertEquals(Double.POSITIVE_INFINITY, Level1.dmax(n, s, 0, 1));
            assertEquals(pos, Level1.idamax(n, s, 0, 1));
            x[pos] = Double.NaN;
            assertTrue(Double.isNaN(Level1.dnrm2(n, s, 0, 1)));
            assertTrue(Double.isNaN(Level1.ddot(n, s, 0, 1, s, 0, 1)));
            assertTrue(Double.isNaN(Level1.dsum(n, s, 0, 1)));
            assertTrue(Double.isNaN(Level1.dmax(n, s, 0, 1)));
            assertEquals(pos, Level1.idamax(n, s, 0, 1), "first NaN wins");
            float[] f = new float[n];
            java.util.Arrays.fill(f, 0.5f);
            f[pos] = Float.NaN;
            MemorySegment fs = MemorySegment.ofArray(f);
            assertTrue(Float.isNaN(Level1.snrm2(n, fs, 0, 1)));
            assertTrue(Float.isNaN(Level1.smax(n, fs, 0, 1)));
            assertEquals(pos, Level1.isamax(n, fs, 0, 1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 9, 40})
    void iamaxReturnsTheFirstOfTies(int n) {
        double[] x = new double[n];
        x[n / 2] = -3;
        x[n - 1] = 3;
        assertEquals(n / 2, Level1.idamax(n, MemorySegment.ofArray(x), 0, 1));
        // With a negative increment element 0 is the last in memory: the tie goes to x[n-1].
        assertEquals(0, Level1.idamax(n, MemorySegment.ofArray(x), 0, -1));
        assertEquals(-1, Level1.idamax(0, MemorySegment.ofArray(x), 0, 1));
        assertEquals(Double.NEGATIVE_INFINITY, Level1.dmax(0, MemorySegment.ofArray(x), 0, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 19})
    void scalByZeroKeepsNaNLikeTheReferenceBlas(int n) {
        double[] x = new double[n];
        x[0] = 4;
        x[n - 1] = Double.NaN;
        Level1.dscal(n, 0, MemorySegment.ofArray(x), 0, 1);
        assertTrue(Double.isNaN(x[n - 1]));
        if (n > 1) {
            assertEquals(0, x[0]);
        }
    }
}
