package org.panopt.kernels.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.kernels.Tolerance;

/**
 * Precision of the element-wise exp and log (and so of the exp inside LSE and softmax), measured in
 * ulps against {@link Math#exp}/{@link Math#log} and, for exp, against a 40-digit BigDecimal
 * reference. The bounds asserted are the ones stated in {@link ExpLog}'s Javadoc.
 */
class ExpLogPrecisionTest {
    private static final MathContext MC = new MathContext(40);
    private static final BigDecimal LN2 = new BigDecimal("0.6931471805599453094172321214581765680755001343602552");

    /** e^x to 40 significant digits: x = k·ln2 + r, Taylor series for e^r, times 2^k. */
    static BigDecimal exactExp(double x) {
        BigDecimal bx = new BigDecimal(x);
        long k = Math.round(x / Math.log(2));
        BigDecimal r = bx.subtract(LN2.multiply(BigDecimal.valueOf(k)), MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int i = 1; i < 45; i++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(i), MC);
            sum = sum.add(term, MC);
        }
        BigDecimal two = BigDecimal.valueOf(2);
        return k >= 0 ? sum.multiply(two.pow((int) k), MC) : sum.divide(two.pow((int) -k), MC);
    }

    /** |got − exact| in ulps of the double nearest to exact (fractional). */
    static double ulpsFromExact(BigDecimal exact, double got) {
        double e = exact.doubleValue();
        if (e == 0) {
            return got == 0 ? 0 : Math.abs(got) / Double.MIN_VALUE;
        }
        return new BigDecimal(got).subtract(exact).abs().divide(new BigDecimal(Math.ulp(e)), 6, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static double[] expOf(double[] x) {
        double[] y = new double[x.length];
        ExpLog.dexp(x.length, MemorySegment.ofArray(x), 0, MemorySegment.ofArray(y), 0);
        return y;
    }

    @Test
    void f64ExpWithinOneUlpOfMathExpAndOfTheExactValue() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k % 4 == 0 ? 40 * (2 * r.nextDouble() - 1) : -708 + 1417 * r.nextDouble();
        }
        double[] y = expOf(x);
        double worstVsMath = 0, worstVsExact = 0, mathVsExact = 0;
        for (int k = 0; k < n; k++) {
            worstVsMath = Math.max(worstVsMath, Tolerance.ulps(Math.exp(x[k]), y[k], false));
            if (k % 50 == 0) {
                BigDecimal e = exactExp(x[k]);
                worstVsExact = Math.max(worstVsExact, ulpsFromExact(e, y[k]));
                mathVsExact = Math.max(mathVsExact, ulpsFromExact(e, Math.exp(x[k])));
            }
        }
        System.out.printf("f64 exp: max %.2f ulp vs Math.exp, %.3f ulp vs exact (Math.exp itself %.3f)%n", worstVsMath,
                worstVsExact, mathVsExact);
        assertTrue(worstVsMath <= 1, "vs Math.exp: " + worstVsMath);
        assertTrue(worstVsExact < 1, "vs exact: " + worstVsExact);
    }

    @Test
    void f64ExpOutsideTheFastRangeOverflowsAndUnderflowsLikeMathExp() {
        SplittableRandom r = new SplittableRandom(4);
        double[] x = new double[4099];
        for (int k = 0; k < x.length; k++) {
            x[k] = k % 2 == 0 ? -760 + 55 * r.nextDouble() : 708.5 + 2 * r.nextDouble();
        }
        x[0] = Double.NEGATIVE_INFINITY;
        x[1] = Double.POSITIVE_INFINITY;
        x[2] = Double.NaN;
        x[3] = -0.0;
        x[4] = -745.2;
        x[5] = 709.78;
        x[6] = 709.79;
        double[] y = expOf(x);
        double worst = 0;
        for (int k = 0; k < x.length; k++) {
            double m = Math.exp(x[k]);
            if (Double.isNaN(m) || Double.isInfinite(m) || m == 0) {
                assertEquals(m, y[k], "x=" + x[k]);
            } else if (m < Double.MIN_NORMAL) {
                assertTrue(Math.abs(m - y[k]) <= 2 * Double.MIN_VALUE + 2 * Math.ulp(m), "x=" + x[k] + " " + m + " " + y[k]);
            } else {
                worst = Math.max(worst, Tolerance.ulps(m, y[k], false));
            }
        }
        System.out.printf("f64 exp outside [-708, 709]: max %.2f ulp vs Math.exp%n", worst);
        assertTrue(worst <= 4, "normal results outside [-708, 709]: " + worst + " ulp");
    }

    @Test
    void f32ExpWithinOneUlpInRangeAndThreeOutside() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 100_003;
        float[] x = new float[n], y = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (-103 + 191 * r.nextDouble());
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NaN;
        ExpLog.sexp(n, MemorySegment.ofArray(x), 0, MemorySegment.ofArray(y), 0);
        double worst = 0, worstOut = 0;
        for (int k = 0; k < n; k++) {
            double e = Math.exp(x[k]);
            float ef = (float) e;
            boolean in = x[k] >= VectorExp.LO_F && x[k] <= VectorExp.HI_F;
            if (Float.isNaN(ef) || Float.isInfinite(ef) || ef == 0) {
                assertEquals(ef, y[k], "x=" + x[k]);
            } else if (ef < Float.MIN_NORMAL) {
                assertTrue(Math.abs(e - y[k]) <= 2 * Float.MIN_VALUE, "x=" + x[k]);
            } else if (in) {
                worst = Math.max(worst, Math.abs(e - y[k]) / Math.ulp(ef));
            } else {
                worstOut = Math.max(worstOut, Math.abs(e - y[k]) / Math.ulp(ef));
            }
        }
        System.out.printf("f32 exp: max %.3f ulp in [-86, 88], %.3f ulp outside, vs exact (double) exp%n", worst,
                worstOut);
        assertTrue(worst <= 1.5, "f32 exp: " + worst + " ulp");
        assertTrue(worstOut <= 4, "f32 exp outside the fast range: " + worstOut + " ulp");
    }

    @Test
    void logWithinOneUlpOfMathLog() {
        SplittableRandom r = new SplittableRandom(6);
        int n = 100_001;
        double[] x = new double[n], y = new double[n];
        float[] xf = new float[n], yf = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = Math.scalb(1 + r.nextDouble(), r.nextInt(-1070, 1020));
            xf[k] = (float) Math.scalb(1 + r.nextDouble(), r.nextInt(-140, 120));
        }
        double[] special = {0, -0.0, -1, Double.POSITIVE_INFINITY, Double.NaN, 1, Double.MIN_VALUE};
        for (int k = 0; k < special.length; k++) {
            x[k] = special[k];
            xf[k] = (float) special[k];
        }
        ExpLog.dlog(n, MemorySegment.ofArray(x), 0, MemorySegment.ofArray(y), 0);
        ExpLog.slog(n, MemorySegment.ofArray(xf), 0, MemorySegment.ofArray(yf), 0);
        double worst = 0, worstF = 0;
        for (int k = 0; k < n; k++) {
            worst = Math.max(worst, Tolerance.ulps(Math.log(x[k]), y[k], false));
            worstF = Math.max(worstF, Tolerance.ulps((float) Math.log(xf[k]), yf[k], true));
        }
        System.out.printf("log: max %.2f ulp (f64), %.2f ulp (f32) vs Math.log%n", worst, worstF);
        assertTrue(worst <= 1, "f64 log: " + worst);
        assertTrue(worstF <= 1, "f32 log: " + worstF);
    }
}
