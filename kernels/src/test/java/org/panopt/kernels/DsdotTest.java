package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.kernels.level1.Level1;

/** {@link Level1#dsdot}: float32 inputs, float64 accumulation, against an exact BigDecimal sum. */
class DsdotTest {

    @ParameterizedTest
    @CsvSource({"0,1,1", "1,1,1", "7,1,1", "16,1,1", "17,1,1", "33,1,1", "1000,1,1", "4097,1,1", "13,3,-2", "50,-1,-1",
            "29,2,1"})
    void matchesTheExactSumToDoubleRoundOff(int n, int incx, int incy) {
        Random rnd = new Random(n * 31L + incx);
        long off = 3;
        MemorySegment x = MemorySegment.ofArray(new float[(int) off + Math.max(1, n) * Math.abs(incx)]);
        MemorySegment y = MemorySegment.ofArray(new float[(int) off + Math.max(1, n) * Math.abs(incy)]);
        BigDecimal exact = BigDecimal.ZERO;
        for (int k = 0; k < n; k++) {
            float a = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(20) - 10));
            float b = (float) rnd.nextGaussian();
            long ix = incx > 0 ? off + (long) k * incx : off + (long) (n - 1 - k) * -incx;
            long iy = incy > 0 ? off + (long) k * incy : off + (long) (n - 1 - k) * -incy;
            x.setAtIndex(ValueLayout.JAVA_FLOAT, ix, a);
            y.setAtIndex(ValueLayout.JAVA_FLOAT, iy, b);
            exact = exact.add(new BigDecimal(a).multiply(new BigDecimal(b)));
        }
        double got = Level1.dsdot(n, x, off, incx, y, off, incy);
        double magnitude = 0;
        for (int k = 0; k < n; k++) {
            long ix = incx > 0 ? off + (long) k * incx : off + (long) (n - 1 - k) * -incx;
            long iy = incy > 0 ? off + (long) k * incy : off + (long) (n - 1 - k) * -incy;
            magnitude += Math.abs((double) x.getAtIndex(ValueLayout.JAVA_FLOAT, ix) * y.getAtIndex(ValueLayout.JAVA_FLOAT, iy));
        }
        // blocked double sum: |error| <= (n + 4) u Σ|x_k y_k| with u = 2^-53 — far below float32's 2^-24
        assertEquals(exact.doubleValue(), got, (n + 4) * 0x1p-53 * magnitude + Double.MIN_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"100000"})
    void keepsDigitsThatFloatAccumulationLoses(int n) {
        // 1 + n tiny terms: float32 partial sums absorb them, float64 does not
        float[] x = new float[n + 1];
        float[] y = new float[n + 1];
        x[0] = 1;
        y[0] = 1;
        for (int k = 1; k <= n; k++) {
            x[k] = 1e-4f;
            y[k] = 1e-4f;
        }
        double exact = 1 + n * ((double) 1e-4f * 1e-4f);
        double d = Level1.dsdot(n + 1, MemorySegment.ofArray(x), 0, 1, MemorySegment.ofArray(y), 0, 1);
        float s = Level1.sdot(n + 1, MemorySegment.ofArray(x), 0, 1, MemorySegment.ofArray(y), 0, 1);
        assertEquals(exact, d, 1e-12);
        assertTrue(Math.abs(s - exact) > 1e-6, "float accumulation should visibly lose the tiny terms: " + s);
    }

    @ParameterizedTest
    @CsvSource({"5,0", "9,1"})
    void badArgumentsThrowBeforeReading(int n, int inc) {
        MemorySegment x = MemorySegment.ofArray(new float[8]);
        if (inc == 0) {
            assertThrows(IllegalArgumentException.class, () -> Level1.dsdot(n, x, 0, inc, x, 0, 1));
        } else {
            assertThrows(IndexOutOfBoundsException.class, () -> Level1.dsdot(n, x, 0, inc, x, 0, 1));
        }
    }
}
