package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparison with an error bound, NaN- and infinity-aware (a NaN or ±∞ must match exactly). */
public final class Tolerance {
    private Tolerance() {
    }

    /** Unit roundoff of the precision. */
    public static double u(boolean f32) {
        return f32 ? 0x1p-24 : 0x1p-53;
    }

    public static void close(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double t = Double.isNaN(tol) ? 0 : tol; // a NaN scalar in an unused term: only exact equality is right
        assertTrue(Math.abs(expected - actual) <= t,
                () -> what + ": expected " + expected + " got " + actual + " (|diff| " + Math.abs(expected - actual)
                        + " > tol " + tol + ")");
    }

    /** Distance in ulps of {@code expected} (the reference); 0 when both are the same NaN/∞. */
    public static double ulps(double expected, double actual, boolean f32) {
        if (Double.compare(expected, actual) == 0) {
            return 0;
        }
        if (Double.isNaN(expected) || Double.isInfinite(expected) || Double.isNaN(actual) || Double.isInfinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        double ulp = f32 ? Math.ulp((float) expected) : Math.ulp(expected);
        return Math.abs(expected - actual) / ulp;
    }
}
